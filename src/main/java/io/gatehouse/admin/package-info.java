/** The admin console ({@code /_gatehouse/admin}) and the account operations it shares with the account page and the CLI. */
package io.gatehouse.admin;
