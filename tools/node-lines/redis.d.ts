/** A running redis-server on loopback. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts Debian's redis-server on a free loopback port with a temporary directory; rejects with
 * an error saying how to install it when it is missing (never a skip). `purpose` names what the
 * suite tests against it.
 */
export declare function startRedisServer(purpose?: string): Promise<RedisServer>;
