// Generated from spec/openapi.json by test/send-message-examples.test.ts: do not edit; run
// `UPDATE_FIXTURES=1 pnpm vitest run test/send-message-examples.test.ts` after a spec update.
// Each of Meta's request examples for POST /messages, as the argument of sendMessage (a read
// receipt as the body markAsRead sends). Compiled by the typecheck task; nothing runs.
import type { components } from "@d360-messaging/types";
import type { D360Client } from "../../src/index.js";

declare const client: D360Client;
type ReadReceipt = components["schemas"]["MarkAsReadRequest"];

// "Send Audio Message by ID"
client.messages.sendMessage({
  "audio": {
    "id": "<AUDIO_OBJECT_ID>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "audio"
});

// "Send Audio Message by URL"
client.messages.sendMessage({
  "audio": {
    "link": "<http(s)://audio-url>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "audio"
});

// "Send Catalog Message"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "name": "catalog_message",
      "parameters": {
        "thumbnail_product_retailer_id": "2lc20305pt"
      }
    },
    "body": {
      "text": "Hello! Thanks for your interest. Ordering is easy. Just visit our catalog and add items to purchase."
    },
    "footer": {
      "text": "Best grocery deals on WhatsApp!"
    },
    "type": "catalog_message"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "+16505551234",
  "type": "interactive"
});

// "Send Catalog Template Message"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "template": {
    "components": [
      {
        "parameters": [
          {
            "text": "100",
            "type": "text"
          },
          {
            "text": "400",
            "type": "text"
          },
          {
            "text": "3",
            "type": "text"
          }
        ],
        "type": "body"
      },
      {
        "index": 0,
        "parameters": [
          {
            "action": {
              "thumbnail_product_retailer_id": "2lc20305pt"
            },
            "type": "action"
          }
        ],
        "sub_type": "CATALOG",
        "type": "button"
      }
    ],
    "language": {
      "code": "en_US"
    },
    "name": "intro_catalog_offer"
  },
  "to": "+16505551234",
  "type": "template"
});

// "Send Contact Message"
client.messages.sendMessage({
  "contacts": [
    {
      "addresses": [
        {
          "city": "Menlo Park",
          "country": "United States",
          "country_code": "us",
          "state": "CA",
          "street": "1 Hacker Way",
          "type": "HOME",
          "zip": "94025"
        },
        {
          "city": "Menlo Park",
          "country": "United States",
          "country_code": "us",
          "state": "CA",
          "street": "200 Jefferson Dr",
          "type": "WORK",
          "zip": "94025"
        }
      ],
      "birthday": "2012-08-18",
      "emails": [
        {
          "email": "test@fb.com",
          "type": "WORK"
        },
        {
          "email": "test@whatsapp.com",
          "type": "HOME"
        }
      ],
      "name": {
        "first_name": "John",
        "formatted_name": "John Smith",
        "last_name": "Smith",
        "middle_name": "D.",
        "prefix": "Dr",
        "suffix": "Jr"
      },
      "org": {
        "company": "WhatsApp",
        "department": "Design",
        "title": "Manager"
      },
      "phones": [
        {
          "phone": "+1 (940) 555-1234",
          "type": "HOME"
        },
        {
          "phone": "+1 (650) 555-1234",
          "type": "WORK",
          "wa_id": "16505551234"
        }
      ],
      "urls": [
        {
          "type": "WORK",
          "url": "https://www.facebook.com"
        },
        {
          "type": "HOME",
          "url": "https://www.whatsapp.com"
        }
      ]
    }
  ],
  "messaging_product": "whatsapp",
  "to": "{{Recipient-Phone-Number}}",
  "type": "contacts"
});

// "Send Document Message by ID"
client.messages.sendMessage({
  "document": {
    "caption": "<DOCUMENT_CAPTION_TO_SEND>",
    "filename": "<DOCUMENT_FILENAME>",
    "id": "<DOCUMENT_OBJECT_ID>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "document"
});

// "Send Document Message by URL"
client.messages.sendMessage({
  "document": {
    "caption": "<DOCUMENT-CAPTION-TEXT>",
    "link": "<http(s)://document-url>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "document"
});

// "Send Draft Flow by ID"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "name": "flow",
      "parameters": {
        "flow_action": "navigate",
        "flow_action_payload": {
          "data": {
            "<CUSTOM_KEY>": "<CUSTOM_VALUE>"
          },
          "screen": "<SCREEN_ID>"
        },
        "flow_cta": "Not shown in draft mode",
        "flow_id": "{{Flow-ID}}",
        "flow_message_version": "3",
        "flow_token": "<FLOW_TOKEN>",
        "mode": "draft"
      }
    },
    "body": {
      "text": "Not shown in draft mode"
    },
    "footer": {
      "text": "Not shown in draft mode"
    },
    "header": {
      "text": "Not shown in draft mode",
      "type": "text"
    },
    "type": "flow"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "interactive"
});

// "Send Draft Flow by Name"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "name": "flow",
      "parameters": {
        "flow_action": "navigate",
        "flow_action_payload": {
          "data": {
            "<CUSTOM_KEY>": "<CUSTOM_VALUE>"
          },
          "screen": "<SCREEN_ID>"
        },
        "flow_cta": "Not shown in draft mode",
        "flow_message_version": "3",
        "flow_name": "{{Flow-Name}}",
        "flow_token": "<FLOW_TOKEN>",
        "mode": "draft"
      }
    },
    "body": {
      "text": "Not shown in draft mode"
    },
    "footer": {
      "text": "Not shown in draft mode"
    },
    "header": {
      "text": "Not shown in draft mode",
      "type": "text"
    },
    "type": "flow"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "interactive"
});

// "Send Flow Template Message"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "template": {
    "components": [
      {
        "index": "0",
        "parameters": [
          {
            "action": {
              "flow_action_data": {
                "<CUSTOM_KEY>": "<CUSTOM_VALUE>"
              },
              "flow_token": "<FLOW_TOKEN>"
            },
            "type": "action"
          }
        ],
        "sub_type": "flow",
        "type": "button"
      }
    ],
    "language": {
      "code": "en_US"
    },
    "name": "<TEMPLATE_NAME>"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "template"
});

// "Send Image Message by ID"
client.messages.sendMessage({
  "image": {
    "id": "<IMAGE_OBJECT_ID>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "image"
});

// "Send Image Message by URL"
client.messages.sendMessage({
  "image": {
    "link": "http(s)://image-url"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "image"
});

// "Send List Message"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "button": "<BUTTON_TEXT>",
      "sections": [
        {
          "rows": [
            {
              "description": "<SECTION_1_ROW_1_DESC>",
              "id": "<LIST_SECTION_1_ROW_1_ID>",
              "title": "<SECTION_1_ROW_1_TITLE>"
            },
            {
              "description": "<SECTION_1_ROW_2_DESC>",
              "id": "<LIST_SECTION_1_ROW_2_ID>",
              "title": "<SECTION_1_ROW_2_TITLE>"
            }
          ],
          "title": "<LIST_SECTION_1_TITLE>"
        },
        {
          "rows": [
            {
              "description": "<SECTION_2_ROW_1_DESC>",
              "id": "<LIST_SECTION_2_ROW_1_ID>",
              "title": "<SECTION_2_ROW_1_TITLE>"
            },
            {
              "description": "<SECTION_2_ROW_2_DESC>",
              "id": "<LIST_SECTION_2_ROW_2_ID>",
              "title": "<SECTION_2_ROW_2_TITLE>"
            }
          ],
          "title": "<LIST_SECTION_2_TITLE>"
        }
      ]
    },
    "body": {
      "text": "<BODY_TEXT>"
    },
    "footer": {
      "text": "<FOOTER_TEXT>"
    },
    "header": {
      "text": "<HEADER_TEXT>",
      "type": "text"
    },
    "type": "list"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "interactive"
});

// "Send Location Message"
client.messages.sendMessage({
  "location": {
    "address": "1 Hacker Way, Menlo Park, CA 94025",
    "latitude": 37.758056,
    "longitude": -122.425332,
    "name": "META HQ"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "location"
});

// "Send Message Template Interactive"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "template": {
    "components": [
      {
        "parameters": [
          {
            "image": {
              "link": "http(s)://the-image-url"
            },
            "type": "image"
          }
        ],
        "type": "header"
      },
      {
        "parameters": [
          {
            "text": "text-string",
            "type": "text"
          },
          {
            "currency": {
              "amount_1000": 100990,
              "code": "USD",
              "fallback_value": "$100.99"
            },
            "type": "currency"
          },
          {
            "date_time": {
              "calendar": "GREGORIAN",
              "day_of_month": 25,
              "day_of_week": 5,
              "fallback_value": "February 25, 1977",
              "hour": 15,
              "minute": 33,
              "month": 2,
              "year": 1977
            },
            "type": "date_time"
          }
        ],
        "type": "body"
      },
      {
        "index": "0",
        "parameters": [
          {
            "payload": "aGlzIHRoaXMgaXMgY29v",
            "type": "payload"
          }
        ],
        "sub_type": "quick_reply",
        "type": "button"
      },
      {
        "index": "1",
        "parameters": [
          {
            "payload": "9rwnB8RbYmPF5t2Mn09x4h",
            "type": "payload"
          }
        ],
        "sub_type": "quick_reply",
        "type": "button"
      }
    ],
    "language": {
      "code": "language-and-locale-code"
    },
    "name": "template-name"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "template"
});

// "Send Message Template Media"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "template": {
    "components": [
      {
        "parameters": [
          {
            "image": {
              "link": "http(s)://the-image-url"
            },
            "type": "image"
          }
        ],
        "type": "header"
      },
      {
        "parameters": [
          {
            "text": "text-string",
            "type": "text"
          },
          {
            "currency": {
              "amount_1000": 100990,
              "code": "USD",
              "fallback_value": "$100.99"
            },
            "type": "currency"
          },
          {
            "date_time": {
              "calendar": "GREGORIAN",
              "day_of_month": 25,
              "day_of_week": 5,
              "fallback_value": "February 25, 1977",
              "hour": 15,
              "minute": 33,
              "month": 2,
              "year": 1977
            },
            "type": "date_time"
          }
        ],
        "type": "body"
      }
    ],
    "language": {
      "code": "language-and-locale-code"
    },
    "name": "template-name"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "template"
});

// "Send Message Template Text"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "template": {
    "components": [
      {
        "parameters": [
          {
            "text": "text-string",
            "type": "text"
          },
          {
            "currency": {
              "amount_1000": 100990,
              "code": "USD",
              "fallback_value": "$100.99"
            },
            "type": "currency"
          },
          {
            "date_time": {
              "calendar": "GREGORIAN",
              "day_of_month": 25,
              "day_of_week": 5,
              "fallback_value": "February 25, 1977",
              "hour": 15,
              "minute": 33,
              "month": 2,
              "year": 1977
            },
            "type": "date_time"
          }
        ],
        "type": "body"
      }
    ],
    "language": {
      "code": "language-and-locale-code"
    },
    "name": "template-name"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "template"
});

// "Send Multi-Product Message"
// @ts-expect-error Meta's placeholder: `"type": "<HEADER_TYPE>"` where the header type is an enum
client.messages.sendMessage({"interactive":{"action":{"catalog_id":"146265584024623","sections":[{"product_items":[{"product_retailer_id":"<YOUR_PRODUCT1_SKU_IN_CATALOG>"},{"product_retailer_id":"<YOUR_SECOND_PRODUCT1_SKU_IN_CATALOG>"}],"title":"<SECTION1_TITLE>"},{"product_items":[{"product_retailer_id":"<YOUR_PRODUCT2_SKU_IN_CATALOG>"},{"product_retailer_id":"<YOUR_SECOND_PRODUCT2_SKU_IN_CATALOG>"}],"title":"<SECTION2_TITLE>"}]},"body":{"text":"<YOUR_TEXT_BODY_CONTENT>"},"footer":{"text":"<YOUR_TEXT_FOOTER_CONTENT>"},"header":{"text":"<YOUR_TEXT_HEADER_CONTENT>","type":"<HEADER_TYPE>"},"type":"product_list"},"messaging_product":"whatsapp","recipient_type":"individual","to":"{{Recipient-Phone-Number}}","type":"interactive"});

// "Send Order Details Message"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "name": "review_and_pay",
      "parameters": {
        "currency": "INR",
        "order": {
          "discount": {
            "description": "optional_text",
            "discount_program_name": "optional_text",
            "offset": 100,
            "value": 100
          },
          "items": [
            {
              "amount": {
                "offset": 100,
                "value": 1500
              },
              "name": "bread",
              "quantity": 1,
              "retailer_id": "1234567",
              "sale_amount": {
                "offset": 100,
                "value": 1000
              }
            }
          ],
          "shipping": {
            "description": "optional_text",
            "offset": 100,
            "value": 100
          },
          "status": "pending",
          "subtotal": {
            "offset": 100,
            "value": 1000
          },
          "tax": {
            "description": "optional_text",
            "offset": 100,
            "value": 100
          }
        },
        "payment_configuration": "my-payment-config-name",
        "payment_type": "upi",
        "reference_id": "unique-reference-id",
        "total_amount": {
          "offset": 100,
          "value": 1100
        },
        "type": "digital-goods"
      }
    },
    "body": {
      "text": "your-text-body-content"
    },
    "footer": {
      "text": "your-text-footer-content"
    },
    "header": {
      "image": {
        "link": "https://upload.wikimedia.org/wikipedia/commons/thumb/3/3b/Home_made_sour_dough_bread.jpg/640px-Home_made_sour_dough_bread.jpg"
      },
      "type": "image"
    },
    "type": "order_details"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-WA-Phone-Number}}",
  "type": "interactive"
});

// "Send Order Status Message"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "name": "review_order",
      "parameters": {
        "order": {
          "description": "optional-text",
          "status": "processing"
        },
        "reference_id": "unique-reference-id-from-order-details-msg"
      }
    },
    "body": {
      "text": "your-text-body-content"
    },
    "type": "order_status"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-WA-Phone-Number}}",
  "type": "interactive"
});

// "Send Published Flow by ID"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "name": "flow",
      "parameters": {
        "flow_action": "navigate",
        "flow_action_payload": {
          "data": {
            "<CUSTOM_KEY>": "<CUSTOM_VALUE>"
          },
          "screen": "<SCREEN_ID>"
        },
        "flow_cta": "Open Flow!",
        "flow_id": "{{Flow-ID}}",
        "flow_message_version": "3",
        "flow_token": "<FLOW_TOKEN>"
      }
    },
    "body": {
      "text": "<BODY_TEXT>"
    },
    "footer": {
      "text": "<FOOTER_TEXT>"
    },
    "header": {
      "text": "<HEADER_TEXT>",
      "type": "text"
    },
    "type": "flow"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "interactive"
});

// "Send Published Flow by Name"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "name": "flow",
      "parameters": {
        "flow_action": "navigate",
        "flow_action_payload": {
          "data": {
            "<CUSTOM_KEY>": "<CUSTOM_VALUE>"
          },
          "screen": "<SCREEN_ID>"
        },
        "flow_cta": "Open Flow!",
        "flow_message_version": "3",
        "flow_name": "{{Flow-Name}}",
        "flow_token": "<FLOW_TOKEN>"
      }
    },
    "body": {
      "text": "<BODY_TEXT>"
    },
    "footer": {
      "text": "<FOOTER_TEXT>"
    },
    "header": {
      "text": "<HEADER_TEXT>",
      "type": "text"
    },
    "type": "flow"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "interactive"
});

// "Send Reply Button"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "buttons": [
        {
          "reply": {
            "id": "<UNIQUE_BUTTON_ID_1>",
            "title": "<BUTTON_TITLE_1>"
          },
          "type": "reply"
        },
        {
          "reply": {
            "id": "<UNIQUE_BUTTON_ID_2>",
            "title": "<BUTTON_TITLE_2>"
          },
          "type": "reply"
        }
      ]
    },
    "body": {
      "text": "<BUTTON_TEXT>"
    },
    "type": "button"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "interactive"
});

// "Send Reply to Audio Message by ID"
client.messages.sendMessage({
  "audio": {
    "id": "<AUDIO_OBJECT_ID>"
  },
  "context": {
    "message_id": "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "audio"
});

// "Send Reply to Audio Message by URL"
client.messages.sendMessage({
  "audio": {
    "link": "http(s)://audio-url"
  },
  "context": {
    "message_id": "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "audio"
});

// "Send Reply to Contact Message"
client.messages.sendMessage({
  "contacts": [
    {
      "addresses": [
        {
          "city": "Menlo Park",
          "country": "United States",
          "country_code": "us",
          "state": "CA",
          "street": "1 Hacker Way",
          "type": "HOME",
          "zip": "94025"
        },
        {
          "city": "Menlo Park",
          "country": "United States",
          "country_code": "us",
          "state": "CA",
          "street": "200 Jefferson Dr",
          "type": "WORK",
          "zip": "94025"
        }
      ],
      "birthday": "2012-08-18",
      "emails": [
        {
          "email": "test@fb.com",
          "type": "WORK"
        },
        {
          "email": "test@whatsapp.com",
          "type": "HOME"
        }
      ],
      "name": {
        "first_name": "John",
        "formatted_name": "John Smith",
        "last_name": "Smith",
        "middle_name": "D.",
        "prefix": "Dr",
        "suffix": "Jr"
      },
      "org": {
        "company": "WhatsApp",
        "department": "Design",
        "title": "Manager"
      },
      "phones": [
        {
          "phone": "+1 (940) 555-1234",
          "type": "HOME"
        },
        {
          "phone": "+1 (650) 555-1234",
          "type": "WORK",
          "wa_id": "16505551234"
        }
      ],
      "urls": [
        {
          "type": "WORK",
          "url": "https://www.facebook.com"
        },
        {
          "type": "HOME",
          "url": "https://www.whatsapp.com"
        }
      ]
    }
  ],
  "context": {
    "message_id": "<MSGID_OF_PREV_MSG>"
  },
  "messaging_product": "whatsapp",
  "to": "{{Recipient-Phone-Number}}",
  "type": "contacts"
});

// "Send Reply to Document Message by ID"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>"
  },
  "document": {
    "caption": "<DOCUMENT_CAPTION_TO_SEND>",
    "filename": "<DOCUMENT_FILENAME>",
    "id": "<DOCUMENT_OBJECT_ID>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "document"
});

// "Send Reply to Document Message by URL"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>"
  },
  "document": {
    "caption": "<DOCUMENT_CAPTION_TEXT>",
    "link": "<http(s)://document-url>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "document"
});

// "Send Reply to Image Message by ID"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_PREV_MSG>"
  },
  "image": {
    "id": "<IMAGE_OBJECT_ID>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "image"
});

// "Send Reply to Image Message by URL"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_PREV_MSG>"
  },
  "image": {
    "link": "http(s)://image-url"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "image"
});

// "Send Reply to List Message"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_PREV_MSG>"
  },
  "interactive": {
    "action": {
      "button": "<BUTTON_TEXT>",
      "sections": [
        {
          "rows": [
            {
              "description": "<SECTION_1_ROW_1_DESC>",
              "id": "<LIST_SECTION_1_ROW_1_ID>",
              "title": "<SECTION_1_ROW_1_TITLE>"
            },
            {
              "description": "<SECTION_1_ROW_2_DESC>",
              "id": "<LIST_SECTION_1_ROW_2_ID>",
              "title": "<SECTION_1_ROW_2_TITLE>"
            }
          ],
          "title": "<LIST_SECTION_1_TITLE>"
        },
        {
          "rows": [
            {
              "description": "<SECTION_2_ROW_1_DESC>",
              "id": "<LIST_SECTION_2_ROW_1_ID>",
              "title": "<SECTION_2_ROW_1_TITLE>"
            },
            {
              "description": "<SECTION_2_ROW_2_DESC>",
              "id": "<LIST_SECTION_2_ROW_2_ID>",
              "title": "<SECTION_2_ROW_2_TITLE>"
            }
          ],
          "title": "<LIST_SECTION_2_TITLE>"
        }
      ]
    },
    "body": {
      "text": "<BODY_TEXT>"
    },
    "footer": {
      "text": "<FOOTER_TEXT>"
    },
    "header": {
      "text": "<HEADER_TEXT>",
      "type": "text"
    },
    "type": "list"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}"
});

// "Send Reply to Location Message"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_PREV_MSG>"
  },
  "location": {
    "address": "1 Hacker Way, Menlo Park, CA 94025",
    "latitude": 37.758056,
    "longitude": -122.425332,
    "name": "META HQ"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "location"
});

// "Send Reply to Sticker Message by ID"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "sticker": {
    "id": "<MEDIA_OBJECT_ID>"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "sticker"
});

// "Send Reply to Sticker Message by URL"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "sticker": {
    "link": "<http(s)://sticker-url>"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "sticker"
});

// "Send Reply to Text Message"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_PREV_MSG>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "text": {
    "body": "<TEXT_MSG_CONTENT>",
    "preview_url": false
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "text"
});

// "Send Reply to Video Message by ID"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "video",
  "video": {
    "caption": "<VIDEO_CAPTION_TEXT>",
    "id": "<VIDEO_OBJECT_ID>"
  }
});

// "Send Reply to Video Message by URL"
client.messages.sendMessage({
  "context": {
    "message_id": "<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "video",
  "video": {
    "caption": "<VIDEO_CAPTION_TEXT>",
    "link": "<http(s)://video-url>"
  }
});

// "Send Reply with Reaction Message"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "reaction": {
    "emoji": "😀",
    "message_id": "wamid.HBgLM..."
  },
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "reaction"
});

// "Send Sample Issue Resolution Template"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "template": {
    "components": [
      {
        "parameters": [
          {
            "text": "*Mr. Jones*",
            "type": "text"
          }
        ],
        "type": "body"
      },
      {
        "index": 0,
        "parameters": [
          {
            "text": true,
            "type": "text"
          }
        ],
        "sub_type": "quick_reply",
        "type": "button"
      },
      {
        "index": 1,
        "parameters": [
          {
            "text": false,
            "type": "text"
          }
        ],
        "sub_type": "quick_reply",
        "type": "button"
      }
    ],
    "language": {
      "code": "en_US",
      "policy": "deterministic"
    },
    "name": "sample_issue_resolution"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "template"
});

// "Send Sample Shipping Confirmation Template"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "template": {
    "components": [
      {
        "parameters": [
          {
            "text": "text-string",
            "type": "text"
          },
          {
            "currency": {
              "amount_1000": 100990,
              "code": "USD",
              "fallback_value": "$100.99"
            },
            "type": "currency"
          },
          {
            "date_time": {
              "calendar": "GREGORIAN",
              "day_of_month": 25,
              "day_of_week": 5,
              "fallback_value": "February 25, 1977",
              "hour": 15,
              "minute": 33,
              "month": 2,
              "year": 1977
            },
            "type": "date_time"
          }
        ],
        "type": "body"
      }
    ],
    "language": {
      "code": "language-and-locale-code"
    },
    "name": "template-name"
  },
  "to": "16315555555",
  "type": "template"
});

// "Send Sample Text Message"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "template": {
    "components": [
      {
        "parameters": [
          {
            "text": "text-string",
            "type": "text"
          },
          {
            "currency": {
              "amount_1000": 100990,
              "code": "USD",
              "fallback_value": "$100.99"
            },
            "type": "currency"
          },
          {
            "date_time": {
              "calendar": "GREGORIAN",
              "day_of_month": 25,
              "day_of_week": 5,
              "fallback_value": "February 25, 1977",
              "hour": 15,
              "minute": 33,
              "month": 2,
              "year": 1977
            },
            "type": "date_time"
          }
        ],
        "type": "body"
      }
    ],
    "language": {
      "code": "language-and-locale-code"
    },
    "name": "template-name"
  },
  "to": "16315555555",
  "type": "template"
});

// "Send Single Product Message"
client.messages.sendMessage({
  "interactive": {
    "action": {
      "catalog_id": "367025965434465",
      "product_retailer_id": "<ID_TEST_ITEM_1>"
    },
    "body": {
      "text": "<OPTIONAL_BODY_TEXT>"
    },
    "footer": {
      "text": "<OPTIONAL_FOOTER_TEXT>"
    },
    "type": "product"
  },
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "interactive"
});

// "Send Sticker Message by ID"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "sticker": {
    "id": "<MEDIA_OBJECT_ID>"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "sticker"
});

// "Send Sticker Message by URL"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "sticker": {
    "link": "<http(s)://sticker-url>"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "sticker"
});

// "Send Test Message"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "template": {
    "language": {
      "code": "en_US"
    },
    "name": "hello_world"
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "template"
});

// "Send Text Message"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "text": {
    "body": "text-message-content",
    "preview_url": false
  },
  "to": "{{Recipient-Phone-Number}}",
  "type": "text"
});

// "Send Text Message with Preview URL"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "text": {
    "body": "Please visit https://youtu.be/hpltvTEiRrY.",
    "preview_url": true
  },
  "to": "{{Recipient-Phone-Number}}"
});

// "Send Video Message by ID"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "video",
  "video": {
    "caption": "<VIDEO_CAPTION_TEXT>",
    "id": "<VIDEO_OBJECT_ID>"
  }
});

// "Send Video Message by URL"
client.messages.sendMessage({
  "messaging_product": "whatsapp",
  "recipient_type": "individual",
  "to": "{{Recipient-Phone-Number}}",
  "type": "video",
  "video": {
    "caption": "<VIDEO_CAPTION_TEXT>",
    "link": "<http(s)://video-url>"
  }
});

// "Send typing indicator and read receipt"
export const readReceipt49: ReadReceipt = {
  "message_id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUYzMjEzNDM2RTZGQ0MzMDJBRgA=",
  "messaging_product": "whatsapp",
  "status": "read",
  "typing_indicator": {
    "type": "text"
  }
};
