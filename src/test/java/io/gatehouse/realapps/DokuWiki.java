package io.gatehouse.realapps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * DokuWiki (Debian {@code dokuwiki}) served by PHP's built-in server ({@code php-cli}) from the package's own
 * directory, with a private configuration and data directory: {@code DOKU_CONF} is defined before DokuWiki's
 * {@code inc/preload.php} runs (PHP's {@code auto_prepend_file}, the hook that preload.php's farm setup reads), and
 * {@code savedir} points at a copy of the package's empty data. Plain authentication with users in
 * {@code users.auth.php}; the built-in server logs every request.
 */
final class DokuWiki extends RealApp {

    private static final Path PHP = Path.of("/usr/bin/php");
    private static final Path DOCROOT = Path.of("/usr/share/dokuwiki");
    private static final Path MAIN_CONF = Path.of("/etc/dokuwiki/dokuwiki.php");
    private static final Path DATA = Path.of("/var/lib/dokuwiki/data");

    @Override
    String debianPackage() {
        return "dokuwiki";
    }

    @Override
    void launch(Path home, int port) throws IOException {
        require(PHP, "php-cli");
        require(DOCROOT.resolve("doku.php"));
        require(MAIN_CONF);
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path data = home.resolve("data");
        copyTree(DATA, data);
        Files.writeString(conf.resolve("local.php"), """
                <?php
                $conf['title'] = 'Gatehouse test wiki';
                $conf['useacl'] = 1;
                $conf['superuser'] = '@admin';
                $conf['savedir'] = '%s';
                """.formatted(data));
        Files.writeString(conf.resolve("acl.auth.php"), """
                # acl.auth.php
                *               @ALL          1
                *               @user         8
                """);
        Files.writeString(
                conf.resolve("users.auth.php"),
                "# users.auth.php\n"
                        + adminUser() + ":" + hash(home, adminPassword())
                        + ":Alice Admin:alice@example.org:admin,user\n"
                        + otherUser() + ":" + hash(home, otherPassword()) + ":Root:root@example.org:user\n"
                        + victimUser() + ":" + hash(home, victimPassword()) + ":Carol:carol@example.org:admin,user\n");
        Path prepend = home.resolve("doku-conf.php");
        Files.writeString(prepend, "<?php\nif (!defined('DOKU_CONF')) define('DOKU_CONF', '" + conf + "/');\n");
        spawn(
                Map.of("PHP_CLI_SERVER_WORKERS", "4"),
                home,
                PHP.toString(),
                "-d",
                "auto_prepend_file=" + prepend,
                "-S",
                "127.0.0.1:" + port,
                "-t",
                DOCROOT.toString());
    }

    /** A bcrypt hash, one of the formats users.auth.php takes. */
    private String hash(Path home, String password) throws IOException {
        return run(
                        Map.of("PW", password),
                        home,
                        PHP.toString(),
                        "-r",
                        "echo password_hash(getenv('PW'), PASSWORD_BCRYPT);")
                .strip();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    @Override
    String readyPath() {
        return "/doku.php";
    }

    @Override
    String adminUser() {
        return "alice";
    }

    @Override
    String adminPassword() {
        return "alice-Wiki-pw-1";
    }

    @Override
    String otherUser() {
        return "root";
    }

    @Override
    String otherPassword() {
        return "root-Wiki-pw-2";
    }

    @Override
    String signedInMarker() {
        return "Logged in as:";
    }
}
