/** Gatehouse's own session: its state, lifetime, cookie and id, the verified-session cache, and open WebSockets. */
package io.gatehouse.session;
