/**
 * The runnable demo's stand-in legacy site: a small server-rendered admin app on the JDK's HTTP server that
 * knows nothing of Gatehouse.
 */
package io.gatehouse.demo;
