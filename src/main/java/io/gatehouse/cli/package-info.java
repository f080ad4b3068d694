/** The command line of the same jar: commands that work on the configuration and Redis, without a web server. */
package io.gatehouse.cli;
