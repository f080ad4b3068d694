package io.gatehouse.upstream;

import io.gatehouse.config.LoginProperties;
import io.gatehouse.config.UpstreamProperties;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** The upstream's login and logout, compiled once from {@code gatehouse.upstream.*}. */
final class LoginSettings {

    private final String loginPath;
    private final String loginMethod;
    private final String loginPage;
    private final List<String> logoutPaths;
    private final List<Integer> successStatus;
    private final Pattern locationMatches;
    private final Pattern locationNotMatches;
    private final boolean cookieRequired;

    LoginSettings(UpstreamProperties upstream) {
        LoginProperties login = upstream.login();
        this.loginPath = login.path();
        this.loginMethod = login.method().toUpperCase(Locale.ROOT);
        this.loginPage = upstream.loginPage();
        this.logoutPaths = upstream.logoutPaths();
        this.successStatus = login.success().status();
        this.locationMatches = compile(login.success().locationMatches());
        this.locationNotMatches = compile(login.success().locationNotMatches());
        this.cookieRequired = login.success().cookieSet();
    }

    boolean isLoginRequest(ServerHttpRequest request, String path) {
        return loginMethod.equals(request.getMethod().name()) && loginPath.equals(path);
    }

    /** The login form and the login request are where one signs in: any upstream cookie may go there. */
    boolean isSignInPath(String path) {
        return loginPath.equals(path) || loginPage.equals(path);
    }

    boolean isLogout(String path) {
        return logoutPaths.contains(path);
    }

    String loginPage() {
        return loginPage;
    }

    /** Whether the upstream's answer to a login request means the password was right. */
    boolean isSuccess(HttpStatusCode status, String location, boolean sessionCookieSet) {
        boolean statusOk = successStatus.isEmpty()
                ? status.is2xxSuccessful() || status.is3xxRedirection()
                : successStatus.contains(status.value());
        if (!statusOk || cookieRequired && !sessionCookieSet) {
            return false;
        }
        if (locationMatches != null && (location == null || !locationMatches.matcher(location).find())) {
            return false;
        }
        return locationNotMatches == null || location == null || !locationNotMatches.matcher(location).find();
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }
}
