/** Security notices by email (SMTP, jte templates with text and HTML parts), sent off the event loop. */
package io.gatehouse.notify;
