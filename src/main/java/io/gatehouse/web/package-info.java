/** Web plumbing: the one error-translation point, page rendering, safe redirects and no-store headers. */
package io.gatehouse.web;
