package io.gatehouse.upstream;

import java.util.Map;
import reactor.core.publisher.Mono;

/** Asks the upstream who a set of its session cookies belongs to. */
public class IdentityProbe {

    public Mono<ProbeResult> whoIs(Map<String, String> upstreamCookies) {
        return Mono.just(new ProbeResult.Failed("not configured"));
    }
}
