package io.gatehouse.challenge;

import io.gatehouse.store.VerificationResult.LockScope;
import io.gatehouse.store.VerificationResult.LockedOut;
import io.gatehouse.web.PageRenderer;
import io.gatehouse.web.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * What the lockout page says. The user's time zone is unknown, so the time to try again is given as a rough
 * number of minutes and as UTC.
 */
public record LockoutNotice(Text reason, Text retry, long retryAfterSeconds) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    public static LockoutNotice of(LockedOut lockedOut, Instant now) {
        if (lockedOut.until().isEmpty()) {
            return new LockoutNotice(Text.of("lockout.admin"), null, -1);
        }
        Instant until = lockedOut.until().get();
        long seconds = Math.max(1, Duration.between(now, until).toSeconds());
        long minutes = Math.max(1, (seconds + 59) / 60);
        boolean sameDay = now.atZone(ZoneOffset.UTC)
                .toLocalDate()
                .equals(until.atZone(ZoneOffset.UTC).toLocalDate());
        String at = (sameDay ? TIME : DATE_TIME).format(until);
        Text reason = lockedOut.scope() == LockScope.CLIENT ? Text.of("lockout.client") : Text.of("lockout.user");
        return new LockoutNotice(reason, Text.of("lockout.retry", minutes, at), seconds);
    }

    /** The lockout page (429), with {@code Retry-After} when the lockout ends by itself. */
    public Mono<ServerResponse> page(PageRenderer pages, ServerRequest request) {
        Map<String, Object> model = new HashMap<>();
        model.put("reason", reason);
        model.put("retry", retry);
        return pages.page(request, HttpStatus.TOO_MANY_REQUESTS, "lockout", model, headers -> {
            if (retryAfterSeconds > 0) {
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
            }
        });
    }
}
