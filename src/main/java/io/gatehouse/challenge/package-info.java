/** The second-factor pages at sign-in: a passcode from the app, or a recovery code, with lockout pages. */
package io.gatehouse.challenge;
