import { createWebhookHandler } from "@d360-messaging/webhooks";
import { toNodeListener } from "@d360-messaging/webhooks/node";
import express from "express";

const webhook = createWebhookHandler({
  headers: { Authorization: process.env.WEBHOOK_TOKEN ?? "" },
  on: { status: (e) => console.log(e.statusUpdate.id, e.status) },
});
express().post("/webhook", toNodeListener(webhook)).use(express.json()).listen(3000);
