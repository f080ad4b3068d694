/** The account page ({@code /_gatehouse/account}): a signed-in user's own second factor, recovery codes and opt-in/out. */
package io.gatehouse.account;
