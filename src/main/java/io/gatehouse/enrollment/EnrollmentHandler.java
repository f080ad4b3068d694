package io.gatehouse.enrollment;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.proxy.GatehousePaths;
import io.gatehouse.web.ClientAddress;
import io.gatehouse.store.EnrollmentResult;
import io.gatehouse.store.SecretUnreadableException;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.totp.QrCodeRenderer;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.upstream.CookieRelease;
import io.gatehouse.upstream.GatehouseSession;
import io.gatehouse.web.CsrfProtection;
import io.gatehouse.web.MessageBundles;
import io.gatehouse.web.PageRenderer;
import io.gatehouse.web.SafeRedirect;
import io.gatehouse.web.Text;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Two-phase enrollment: the new secret waits, sealed, in the session (never in the form) for 10 minutes until the
 * first code from the app confirms it; then the held upstream cookies are released and the recovery codes are shown
 * once.
 */
final class EnrollmentHandler {

    static final String ENROLL = GatehousePaths.PREFIX + "enroll";
    static final String RECOVERY_CODES = GatehousePaths.PREFIX + "recovery-codes";
    static final String RECOVERY_CODES_TXT = GatehousePaths.PREFIX + "recovery-codes.txt";
    static final String CHALLENGE = GatehousePaths.PREFIX + "challenge";
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    static final String FLASH_ENABLED = "enrollment.enabled";

    private static final MediaType TEXT = MediaType.parseMediaType("text/plain;charset=UTF-8");

    private final TwoFactorService twoFactor;
    private final CookieRelease cookieRelease;
    private final PageRenderer pages;
    private final MessageBundles messages;
    private final CsrfProtection csrf;
    private final QrCodeRenderer qr;
    private final Clock clock;
    private final String loginPage;
    private final String issuer;
    private final String siteName;
    private final SecurityEvents events;

    EnrollmentHandler(TwoFactorService twoFactor, CookieRelease cookieRelease, PageRenderer pages,
                      MessageBundles messages, CsrfProtection csrf, QrCodeRenderer qr, Clock clock, String loginPage,
                      String issuer, String siteName, SecurityEvents events) {
        this.events = events;
        this.twoFactor = twoFactor;
        this.cookieRelease = cookieRelease;
        this.pages = pages;
        this.messages = messages;
        this.csrf = csrf;
        this.qr = qr;
        this.clock = clock;
        this.loginPage = loginPage;
        this.issuer = issuer;
        this.siteName = siteName;
    }

    /** {@code GET /_gatehouse/enroll}. */
    Mono<ServerResponse> show(ServerRequest request) {
        return GatehouseSession.of(request.exchange()).flatMap(session -> {
            Optional<String> user = session.user();
            if (user.isEmpty()) {
                return SafeRedirect.seeOther(loginPage);
            }
            return twoFactor.isEnrolled(user.get()).flatMap(enrolled -> enrolled
                    ? SafeRedirect.seeOther(CHALLENGE)
                    : enrollPage(request, session, user.get(), null));
        }).onErrorResume(error -> pages.failure(request, error));
    }

    /** {@code POST /_gatehouse/enroll}: the first token from the app. */
    Mono<ServerResponse> confirm(ServerRequest request) {
        return GatehouseSession.of(request.exchange()).flatMap(session -> {
            Optional<String> user = session.user();
            if (user.isEmpty()) {
                return SafeRedirect.seeOther(loginPage);
            }
            return csrf.checkedForm(request, session).flatMap(form -> confirm(request, session, user.get(), form));
        }).onErrorResume(error -> pages.failure(request, error));
    }

    private Mono<ServerResponse> confirm(ServerRequest request, GatehouseSession session, String user,
                                         MultiValueMap<String, String> form) {
        Optional<TotpSecret> pending = openPending(session, user);
        if (pending.isEmpty()) {
            // Expired or never made: the token cannot belong to any secret the user could still have scanned.
            return enrollPage(request, session, user, null);
        }
        String token = Optional.ofNullable(form.getFirst("token")).orElse("");
        return twoFactor.confirmEnrollment(user, pending.get(), token)
                .flatMap(result -> afterConfirmation(request, session, user, result));
    }

    private Mono<ServerResponse> afterConfirmation(ServerRequest request, GatehouseSession session, String user,
                                                   EnrollmentResult result) {
        if (result instanceof EnrollmentResult.Enrolled enrolled) {
            session.markEnrolled();
            session.clearPendingSecret();
            session.recoveryCodesToShow(enrolled.recoveryCodes());
            session.flash(FLASH_ENABLED);
            return events.enrolled(user, ClientAddress.of(request.exchange()))
                    .then(cookieRelease.releaseVerified(request.exchange(), session))
                    .then(SafeRedirect.seeOther(RECOVERY_CODES));
        }
        if (result instanceof EnrollmentResult.AlreadyEnrolled) {
            // Enrolled meanwhile (another tab or browser): the existing secret stands; prove it instead.
            session.clearPendingSecret();
            session.markEnrolled();
            return SafeRedirect.seeOther(CHALLENGE);
        }
        return enrollPage(request, session, user, Text.of("enroll.error.invalid"));
    }

    private Mono<ServerResponse> enrollPage(ServerRequest request, GatehouseSession session, String user, Text error) {
        boolean hadPending = session.hasPendingSecret();
        Optional<TotpSecret> pending = openPending(session, user);
        TotpSecret secret = pending.orElseGet(() -> {
            TotpSecret fresh = twoFactor.enroll(user).secret();
            session.pendingSecret(twoFactor.sealPending(user, fresh), clock.instant());
            return fresh;
        });
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", csrf.token(session));
        model.put("qrSvg", qr.svg(twoFactor.otpauthUri(user, secret),
                messages.forRequest(request.exchange().getRequest()).get("enroll.qr.label")));
        model.put("key", KeyFormat.grouped(secret.base32()));
        model.put("account", user);
        model.put("issuer", issuer);
        model.put("digits", secret.parameters().digits());
        model.put("period", secret.parameters().periodSeconds());
        model.put("error", error);
        model.put("expired", hadPending && pending.isEmpty());
        return pages.page(request, HttpStatus.OK, "enroll", model);
    }

    private Optional<TotpSecret> openPending(GatehouseSession session, String user) {
        Instant now = clock.instant();
        Optional<String> sealed = session.pendingSecret(now, PENDING_LIFETIME);
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(twoFactor.openPending(user, sealed.get()));
        } catch (SecretUnreadableException e) {
            // Sealed for another user or under a retired key: start again with a new secret.
            session.clearPendingSecret();
            return Optional.empty();
        }
    }

    /** {@code GET /_gatehouse/recovery-codes}: the codes once; a second visit says they are gone and forgets them. */
    Mono<ServerResponse> showRecoveryCodes(ServerRequest request) {
        return GatehouseSession.of(request.exchange()).flatMap(session -> {
            if (session.user().isEmpty()) {
                return SafeRedirect.seeOther(loginPage);
            }
            List<String> codes = session.recoveryCodesToShow();
            if (codes.isEmpty()) {
                return SafeRedirect.seeOther(session.returnTo());
            }
            List<String> shown = codes;
            if (session.recoveryCodesShown()) {
                session.clearRecoveryCodes();
                shown = List.of();
            } else {
                session.markRecoveryCodesShown();
            }
            return pages.page(request, HttpStatus.OK, "recovery-codes",
                    Map.of("csrf", csrf.token(session), "codes", shown));
        }).onErrorResume(error -> pages.failure(request, error));
    }

    /** {@code POST /_gatehouse/recovery-codes}: Continue; the codes are forgotten and the user goes on. */
    Mono<ServerResponse> continueAfterRecoveryCodes(ServerRequest request) {
        return GatehouseSession.of(request.exchange()).flatMap(session -> {
            if (session.user().isEmpty()) {
                return SafeRedirect.seeOther(loginPage);
            }
            return csrf.checkedForm(request, session).flatMap(form -> {
                session.clearRecoveryCodes();
                return SafeRedirect.seeOther(session.returnTo());
            });
        }).onErrorResume(error -> pages.failure(request, error));
    }

    /** {@code GET /_gatehouse/recovery-codes.txt}: the same codes as a file, while they can still be shown. */
    Mono<ServerResponse> downloadRecoveryCodes(ServerRequest request) {
        return GatehouseSession.of(request.exchange()).flatMap(session -> {
            List<String> codes = session.recoveryCodesToShow();
            if (session.user().isEmpty() || codes.isEmpty()) {
                return SafeRedirect.seeOther(RECOVERY_CODES);
            }
            StringBuilder body = new StringBuilder(messages.forRequest(request.exchange().getRequest())
                    .get("recoveryCodes.file.header", siteName)).append("\r\n\r\n");
            codes.forEach(code -> body.append(code).append("\r\n"));
            return ServerResponse.ok().contentType(TEXT)
                    .headers(headers -> {
                        PageRenderer.securityHeaders(headers);
                        headers.setContentDisposition(ContentDisposition.attachment()
                                .filename("recovery-codes.txt", StandardCharsets.UTF_8).build());
                    })
                    .bodyValue(body.toString());
        }).onErrorResume(error -> pages.failure(request, error));
    }
}
