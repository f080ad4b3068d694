/** The upstream's session cookies: one tokenizer, which are listed, their fingerprints, and holding and releasing them. */
package io.gatehouse.cookies;
