/**
 * Web plumbing every part shares: Gatehouse's paths and exchange attribute names, the one error-translation point,
 * page rendering, safe redirects and no-store headers.
 */
package io.gatehouse.web;
