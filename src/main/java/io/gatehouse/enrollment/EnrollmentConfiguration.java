package io.gatehouse.enrollment;

import static io.gatehouse.session.SessionPageHandler.withSession;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.gatehouse.audit.SecurityEvents;
import io.gatehouse.config.GatehouseProperties;
import io.gatehouse.cookies.CookieRelease;
import io.gatehouse.notify.Notifier;
import io.gatehouse.session.CsrfProtection;
import io.gatehouse.store.TwoFactorService;
import io.gatehouse.totp.QrCodeRenderer;
import io.gatehouse.web.GatehousePaths;
import io.gatehouse.web.MessageBundles;
import io.gatehouse.web.PageFailureFilter;
import io.gatehouse.web.PageRenderer;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes {@code /_gatehouse/enroll} (with its emailed-code step) and {@code /_gatehouse/recovery-codes[.txt]}. */
@Configuration(proxyBeanMethods = false)
class EnrollmentConfiguration {

    @Bean
    RouterFunction<ServerResponse> enrollmentRoutes(
            TwoFactorService twoFactor,
            CookieRelease cookieRelease,
            PageRenderer pages,
            MessageBundles messages,
            CsrfProtection csrf,
            Clock clock,
            GatehouseProperties properties,
            SecurityEvents events,
            Notifier notifier) {
        EnrollmentHandler handler = new EnrollmentHandler(
                twoFactor,
                cookieRelease,
                pages,
                messages,
                csrf,
                new QrCodeRenderer(),
                clock,
                properties.upstream().loginPage(),
                properties.totp().issuer(),
                properties.ui().siteName(),
                events,
                properties.enrollment().verifyEmail(),
                notifier);
        return route(GET(GatehousePaths.ENROLL), withSession(handler::show))
                .andRoute(POST(GatehousePaths.ENROLL), withSession(handler::confirm))
                .andRoute(POST(GatehousePaths.ENROLL_EMAIL_CODE), withSession(handler::checkEmailCode))
                .andRoute(POST(GatehousePaths.ENROLL_EMAIL_CODE_RESEND), withSession(handler::resendEmailCode))
                .andRoute(GET(GatehousePaths.RECOVERY_CODES), withSession(handler::showRecoveryCodes))
                .andRoute(POST(GatehousePaths.RECOVERY_CODES), withSession(handler::continueAfterRecoveryCodes))
                .andRoute(GET(GatehousePaths.RECOVERY_CODES_TXT), withSession(handler::downloadRecoveryCodes))
                .filter(new PageFailureFilter(pages));
    }
}
