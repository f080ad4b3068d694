/** Redis persistence: the embedded server, secrets (encrypted), steps, attempts, recovery codes, key names. */
package io.gatehouse.store;
