/** The upstream's login and logout observed, its session cookies held back, released and fingerprinted. */
package io.gatehouse.upstream;
