package io.gatehouse.realapps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Django's admin (Debian {@code python3-django}) in a project made by {@code django-admin startproject} with its
 * defaults (SQLite), served by {@code runserver}, which logs every request it receives.
 */
final class DjangoAdmin extends RealApp {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path DJANGO_ADMIN = Path.of("/usr/bin/django-admin");

    @Override
    String debianPackage() {
        return "python3-django";
    }

    @Override
    void launch(Path home, int port) throws IOException {
        require(PYTHON, "python3");
        require(DJANGO_ADMIN);
        Map<String, String> none = Map.of();
        run(none, home, DJANGO_ADMIN.toString(), "startproject", "site1", ".");
        run(none, home, PYTHON.toString(), "manage.py", "migrate", "--verbosity", "0");
        for (String[] user : new String[][] {
            {adminUser(), adminPassword()}, {otherUser(), otherPassword()}, {victimUser(), victimPassword()}
        }) {
            run(
                    Map.of("DJANGO_SUPERUSER_PASSWORD", user[1]),
                    home,
                    PYTHON.toString(),
                    "manage.py",
                    "createsuperuser",
                    "--noinput",
                    "--username",
                    user[0],
                    "--email",
                    user[0] + "@example.org");
        }
        // -u: unbuffered, so each request is in the log when the test reads it.
        spawn(
                Map.of("PYTHONUNBUFFERED", "1"),
                home,
                PYTHON.toString(),
                "-u",
                "manage.py",
                "runserver",
                "127.0.0.1:" + port,
                "--noreload");
    }

    @Override
    String readyPath() {
        return "/admin/login/";
    }

    @Override
    String adminUser() {
        return "alice";
    }

    @Override
    String adminPassword() {
        return "alice-Django-pw-1";
    }

    @Override
    String otherUser() {
        return "root";
    }

    @Override
    String otherPassword() {
        return "root-Django-pw-2";
    }

    @Override
    String signedInMarker() {
        return "Site administration";
    }
}
