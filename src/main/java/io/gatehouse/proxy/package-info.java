/** Pass-through: the Spring Cloud Gateway route to the upstream and the header rewrites it needs. */
package io.gatehouse.proxy;
