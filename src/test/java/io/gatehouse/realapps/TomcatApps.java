package io.gatehouse.realapps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Apache Tomcat 10 from Debian ({@code tomcat10}, {@code tomcat10-examples}, {@code tomcat10-admin}) run by its own
 * {@code catalina.sh run} with a private {@code CATALINA_BASE}: the examples' FORM-protected area
 * ({@code j_security_check}) and the Manager (HTTP BASIC). Users are in {@code tomcat-users.xml}; every request goes
 * to an access log that names the authenticated user ({@code %u}).
 */
final class TomcatApps extends RealApp {

    static final String PROTECTED = "/examples/jsp/security/protected/";

    private static final Path CATALINA_HOME = Path.of("/usr/share/tomcat10");
    private static final Path DEFAULT_CONF = Path.of("/usr/share/tomcat10/etc");
    private static final Path EXAMPLES = Path.of("/etc/tomcat10/Catalina/localhost/examples.xml");
    private static final Path MANAGER = Path.of("/etc/tomcat10/Catalina/localhost/manager.xml");

    @Override
    String debianPackage() {
        return "tomcat10";
    }

    @Override
    void launch(Path home, int port) throws IOException {
        require(CATALINA_HOME.resolve("bin/catalina.sh"), "tomcat10-common");
        require(DEFAULT_CONF.resolve("web.xml"));
        require(EXAMPLES, "tomcat10-examples");
        require(MANAGER, "tomcat10-admin");
        Path conf = Files.createDirectories(home.resolve("conf/Catalina/localhost"))
                .getParent()
                .getParent();
        for (String file : new String[] {
            "catalina.properties", "context.xml", "logging.properties", "web.xml", "jaspic-providers.xml"
        }) {
            Files.copy(DEFAULT_CONF.resolve(file), conf.resolve(file));
        }
        Files.copy(EXAMPLES, conf.resolve("Catalina/localhost/examples.xml"));
        Files.copy(MANAGER, conf.resolve("Catalina/localhost/manager.xml"));
        for (String directory : new String[] {"logs", "webapps", "work", "temp"}) {
            Files.createDirectories(home.resolve(directory));
        }
        Files.writeString(conf.resolve("server.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector address="127.0.0.1" port="%d" protocol="HTTP/1.1" connectionTimeout="20000"/>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Realm className="org.apache.catalina.realm.MemoryRealm" pathname="conf/tomcat-users.xml"/>
                      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false">
                        <Valve className="org.apache.catalina.valves.AccessLogValve" directory="."
                               prefix="access" suffix=".log" rotatable="false" buffered="false"
                               pattern="%%h %%u %%t &quot;%%r&quot; %%s"/>
                      </Host>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(port));
        Files.writeString(conf.resolve("tomcat-users.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
                  <role rolename="tomcat"/>
                  <role rolename="manager-gui"/>
                  <user username="%s" password="%s" roles="tomcat,manager-gui"/>
                  <user username="%s" password="%s" roles="tomcat"/>
                  <user username="%s" password="%s" roles="tomcat"/>
                </tomcat-users>
                """.formatted(
                        adminUser(), adminPassword(), otherUser(), otherPassword(), victimUser(), victimPassword()));
        spawn(
                Map.of(
                        "CATALINA_HOME",
                        CATALINA_HOME.toString(),
                        "CATALINA_BASE",
                        home.toString(),
                        "JAVA_HOME",
                        System.getProperty("java.home"),
                        "CATALINA_OPTS",
                        "-Xmx256m -XX:TieredStopAtLevel=1"),
                home,
                CATALINA_HOME.resolve("bin/catalina.sh").toString(),
                "run");
    }

    @Override
    Path log() {
        return home().resolve("access.log");
    }

    @Override
    String readyPath() {
        return PROTECTED + "index.jsp";
    }

    @Override
    String adminUser() {
        return "alice";
    }

    @Override
    String adminPassword() {
        return "alice-Tomcat-pw-1";
    }

    @Override
    String otherUser() {
        return "root";
    }

    @Override
    String otherPassword() {
        return "root-Tomcat-pw-2";
    }

    @Override
    String signedInMarker() {
        return "You are logged in as remote user";
    }
}
