/** Gatehouse: a reverse proxy that adds TOTP two-factor authentication to an unchanged web application. */
package io.gatehouse;
