package io.gatehouse.enrollment;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.challenge.LockoutNotice;
import io.gatehouse.cookies.CookieRelease;
import io.gatehouse.notify.Notifier;
import io.gatehouse.session.CsrfProtection;
import io.gatehouse.session.GatehouseSession;
import io.gatehouse.store.EmailCodeResult;
import io.gatehouse.store.EnrollmentResult;
import io.gatehouse.store.SecretUnreadableException;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.store.VerificationResult;
import io.gatehouse.totp.QrCodeRenderer;
import io.gatehouse.totp.TotpSecret;
import io.gatehouse.web.ClientAddress;
import io.gatehouse.web.GatehousePaths;
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
    /** At or below this many attempts left, the page warns that a lockout is near. */
    private static final int WARN_ATTEMPTS = 2;

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
    private final boolean verifyEmail;
    private final Notifier notifier;

    EnrollmentHandler(
            TwoFactorService twoFactor,
            CookieRelease cookieRelease,
            PageRenderer pages,
            MessageBundles messages,
            CsrfProtection csrf,
            QrCodeRenderer qr,
            Clock clock,
            String loginPage,
            String issuer,
            String siteName,
            SecurityEvents events,
            boolean verifyEmail,
            Notifier notifier) {
        this.events = events;
        this.verifyEmail = verifyEmail;
        this.notifier = notifier;
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
    Mono<ServerResponse> show(ServerRequest request, GatehouseSession session) {
        Optional<String> user = session.user();
        if (user.isEmpty()) {
            return SafeRedirect.seeOther(loginPage);
        }
        return twoFactor.isEnrolled(user.get()).flatMap(enrolled -> {
            if (enrolled) {
                return SafeRedirect.seeOther(GatehousePaths.CHALLENGE);
            }
            return mustProveEmail(session, user.get())
                    ? emailStep(request, session, user.get())
                    : enrollPage(request, session, user.get(), null);
        });
    }

    /** {@code POST /_gatehouse/enroll}: the first token from the app. */
    Mono<ServerResponse> confirm(ServerRequest request, GatehouseSession session) {
        Optional<String> user = session.user();
        if (user.isEmpty()) {
            return SafeRedirect.seeOther(loginPage);
        }
        return csrf.checkedForm(request, session).flatMap(form -> confirm(request, session, user.get(), form));
    }

    private Mono<ServerResponse> confirm(
            ServerRequest request, GatehouseSession session, String user, MultiValueMap<String, String> form) {
        if (mustProveEmail(session, user)) {
            // No secret is ever shown or saved before the emailed code was typed.
            return SafeRedirect.seeOther(GatehousePaths.ENROLL);
        }
        Optional<TotpSecret> pending = openPending(session, user);
        if (pending.isEmpty()) {
            // Expired or never made: the token cannot belong to any secret the user could still have scanned.
            return enrollPage(request, session, user, null);
        }
        String token = Optional.ofNullable(form.getFirst("token")).orElse("");
        return twoFactor
                .confirmEnrollment(user, pending.get(), token)
                .flatMap(result -> afterConfirmation(request, session, user, result));
    }

    private Mono<ServerResponse> afterConfirmation(
            ServerRequest request, GatehouseSession session, String user, EnrollmentResult result) {
        if (result instanceof EnrollmentResult.Enrolled enrolled) {
            session.markEnrolled();
            session.clearPendingSecret();
            session.recoveryCodesToShow(enrolled.recoveryCodes());
            session.flash(FLASH_ENABLED);
            return events.enrolled(user, ClientAddress.of(request.exchange()))
                    .then(cookieRelease.releaseVerified(request.exchange(), session))
                    .then(SafeRedirect.seeOther(GatehousePaths.RECOVERY_CODES));
        }
        if (result instanceof EnrollmentResult.AlreadyEnrolled) {
            // Enrolled meanwhile (another tab or browser): the existing secret stands; prove it instead.
            session.clearPendingSecret();
            session.markEnrolled();
            return SafeRedirect.seeOther(GatehousePaths.CHALLENGE);
        }
        return enrollPage(request, session, user, Text.of("enroll.error.invalid"));
    }

    /** With {@code gatehouse.enrollment.verify-email}, an enrollment waits for the code emailed to the user. */
    private boolean mustProveEmail(GatehouseSession session, String user) {
        return verifyEmail && !session.emailVerifiedFor(user);
    }

    /** The emailed-code form; the first visit in a session sends the code. */
    private Mono<ServerResponse> emailStep(ServerRequest request, GatehouseSession session, String user) {
        Optional<String> address = notifier.addressOf(user);
        if (address.isEmpty()) {
            return noAddressPage(request, user);
        }
        if (session.emailCodeSent()) {
            return emailPage(request, session, address.get(), null, null, null);
        }
        return sendEmailCode(request, user).flatMap(sent -> {
            session.markEmailCodeSent();
            return emailPage(request, session, address.get(), null, null, null);
        });
    }

    /** {@code POST /_gatehouse/enroll/email-code}: the code from the email. */
    Mono<ServerResponse> checkEmailCode(ServerRequest request, GatehouseSession session) {
        return withEmailStep(request, session, (user, address, form) -> {
            String ip = ClientAddress.of(request.exchange());
            return twoFactor
                    .checkEmailCode(
                            user, Optional.ofNullable(form.getFirst("code")).orElse(""), ip)
                    .flatMap(result -> {
                        if (result instanceof EmailCodeResult.Confirmed) {
                            session.markEmailVerified(user);
                            return events.emailCodeChecked(user, ip, "confirmed")
                                    .then(SafeRedirect.seeOther(GatehousePaths.ENROLL));
                        }
                        if (result instanceof EmailCodeResult.LockedOut locked) {
                            return events.lockedOut(
                                            user,
                                            ip,
                                            locked.lockout().until(),
                                            locked.lockout().scope() == VerificationResult.LockScope.USER)
                                    .then(LockoutNotice.of(locked.lockout(), clock.instant())
                                            .page(pages, request));
                        }
                        if (result instanceof EmailCodeResult.InvalidCode invalid) {
                            Text warning = invalid.remainingAttempts() <= WARN_ATTEMPTS
                                    ? Text.of("challenge.attemptsLeft", invalid.remainingAttempts())
                                    : null;
                            return events.emailCodeChecked(user, ip, "invalid")
                                    .then(emailPage(
                                            request,
                                            session,
                                            address,
                                            Text.of("enrollEmail.error.invalid"),
                                            warning,
                                            null));
                        }
                        return events.emailCodeChecked(user, ip, "no-code")
                                .then(emailPage(
                                        request, session, address, Text.of("enrollEmail.error.noCode"), null, null));
                    });
        });
    }

    /** {@code POST /_gatehouse/enroll/email-code/resend}: a new code, at most one a minute. */
    Mono<ServerResponse> resendEmailCode(ServerRequest request, GatehouseSession session) {
        return withEmailStep(
                request,
                session,
                (user, address, form) -> sendEmailCode(request, user).flatMap(sent -> {
                    session.markEmailCodeSent();
                    return emailPage(
                            request,
                            session,
                            address,
                            null,
                            null,
                            Text.of(sent ? "enrollEmail.resent" : "enrollEmail.wait"));
                }));
    }

    /** What the emailed-code actions share: a signed-in user who still owes the code, a valid form, an address. */
    private Mono<ServerResponse> withEmailStep(
            ServerRequest request, GatehouseSession session, EmailStepAction action) {
        Optional<String> user = session.user();
        if (user.isEmpty()) {
            return SafeRedirect.seeOther(loginPage);
        }
        return csrf.checkedForm(request, session).flatMap(form -> {
            if (!mustProveEmail(session, user.get())) {
                return SafeRedirect.seeOther(GatehousePaths.ENROLL);
            }
            Optional<String> address = notifier.addressOf(user.get());
            return address.isEmpty()
                    ? noAddressPage(request, user.get())
                    : action.apply(user.get(), address.get(), form);
        });
    }

    @FunctionalInterface
    private interface EmailStepAction {
        Mono<ServerResponse> apply(String user, String address, MultiValueMap<String, String> form);
    }

    /** True when a code went out; false while the last one is less than a minute old. */
    private Mono<Boolean> sendEmailCode(ServerRequest request, String user) {
        String ip = ClientAddress.of(request.exchange());
        return twoFactor
                .newEmailCode(user)
                .flatMap(code -> code.isPresent()
                        ? events.emailCodeSent(user, ip, code.get()).thenReturn(true)
                        : Mono.just(false));
    }

    private Mono<ServerResponse> emailPage(
            ServerRequest request,
            GatehouseSession session,
            String address,
            Text error,
            Text errorDetail,
            Text notice) {
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", csrf.token(session));
        model.put("address", masked(address));
        model.put("error", error);
        model.put("errorDetail", errorDetail);
        model.put("notice", notice);
        return pages.page(request, HttpStatus.OK, "enroll-email", model);
    }

    /** Without an address the step cannot be passed: the page says so and whom to ask. */
    private Mono<ServerResponse> noAddressPage(ServerRequest request, String user) {
        return pages.page(request, HttpStatus.FORBIDDEN, "enroll-no-email", Map.of("user", user));
    }

    /** {@code alice@example.org} as {@code a••••@example.org}: enough to recognise, little to someone with a stolen password. */
    static String masked(String address) {
        int at = address.lastIndexOf('@');
        return address.charAt(0) + "\u2022\u2022\u2022\u2022" + address.substring(at);
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
        model.put(
                "qrSvg",
                qr.svg(
                        twoFactor.otpauthUri(user, secret),
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
    Mono<ServerResponse> showRecoveryCodes(ServerRequest request, GatehouseSession session) {
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
        return pages.page(
                request, HttpStatus.OK, "recovery-codes", Map.of("csrf", csrf.token(session), "codes", shown));
    }

    /** {@code POST /_gatehouse/recovery-codes}: Continue; the codes are forgotten and the user goes on. */
    Mono<ServerResponse> continueAfterRecoveryCodes(ServerRequest request, GatehouseSession session) {
        if (session.user().isEmpty()) {
            return SafeRedirect.seeOther(loginPage);
        }
        return csrf.checkedForm(request, session).flatMap(form -> {
            session.clearRecoveryCodes();
            return SafeRedirect.seeOther(session.returnTo());
        });
    }

    /** {@code GET /_gatehouse/recovery-codes.txt}: the same codes as a file, while they can still be shown. */
    Mono<ServerResponse> downloadRecoveryCodes(ServerRequest request, GatehouseSession session) {
        List<String> codes = session.recoveryCodesToShow();
        if (session.user().isEmpty() || codes.isEmpty()) {
            return SafeRedirect.seeOther(GatehousePaths.RECOVERY_CODES);
        }
        StringBuilder body = new StringBuilder(
                        messages.forRequest(request.exchange().getRequest()).get("recoveryCodes.file.header", siteName))
                .append("\r\n\r\n");
        codes.forEach(code -> body.append(code).append("\r\n"));
        return ServerResponse.ok()
                .contentType(TEXT)
                .headers(headers -> {
                    PageRenderer.securityHeaders(headers);
                    headers.setContentDisposition(ContentDisposition.attachment()
                            .filename("recovery-codes.txt", StandardCharsets.UTF_8)
                            .build());
                })
                .bodyValue(body.toString());
    }
}
