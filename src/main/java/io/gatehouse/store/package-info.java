/** Redis persistence: the embedded server, secrets (encrypted), steps, attempts, recovery codes, and every key name. */
package io.gatehouse.store;
