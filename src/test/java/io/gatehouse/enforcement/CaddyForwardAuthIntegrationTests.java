package io.gatehouse.enforcement;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Caddy {@code forward_auth} ({@code deploy/forward-auth/Caddyfile}): the verify call keeps the browser's Host and
 * carries every client header that the Caddyfile does not remove.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {ForwardedFamilyForwardAuthTestSupport.PROPERTIES_CONFIG, "gatehouse.forward-auth.proxy=caddy"})
class CaddyForwardAuthIntegrationTests extends ForwardedFamilyForwardAuthTestSupport {

    @Override
    String verifyHost() {
        return "app.example.org";
    }
}
