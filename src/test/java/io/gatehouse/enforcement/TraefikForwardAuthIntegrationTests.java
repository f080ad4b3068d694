package io.gatehouse.enforcement;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Traefik ForwardAuth ({@code deploy/forward-auth/traefik-dynamic.yml}): the verify call's Host is Gatehouse's own
 * address; with {@code authRequestHeaders} no other client header arrives, without it (the tests that add some) every
 * one does.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ForwardedFamilyForwardAuthTestSupport.PROPERTIES_CONFIG, "gatehouse.forward-auth.proxy=traefik"})
class TraefikForwardAuthIntegrationTests extends ForwardedFamilyForwardAuthTestSupport {

    @Override
    String verifyHost() {
        return "127.0.0.1:" + port;
    }
}
