/** Journeys in a real headless Chromium, accessibility checks with axe-core, and the page screenshots. */
package io.gatehouse.browser;
