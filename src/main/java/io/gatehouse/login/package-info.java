/** The upstream's login: where it is, what a request to it carries, and who the site signed in. */
package io.gatehouse.login;
