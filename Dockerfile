# syntax=docker/dockerfile:1
# Gatehouse: build the jar with Maven on Temurin 17, run it on a Temurin 17 JRE as a non-root user.
#   docker build -t gatehouse .
#   docker run -e GATEHOUSE_SECRET_KEY=... -v "$PWD/my-gatehouse.yml:/config/gatehouse.yml:ro" -p 8080:8080 gatehouse
# The same image runs the bundled legacy demo site alone: docker run gatehouse demo-site --port 8081 --bind 0.0.0.0

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
# Dependencies first, so that a change to the sources does not download them again.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests \
    && cp target/gatehouse.jar /gatehouse.jar

FROM eclipse-temurin:17-jre
# curl for the health check; nothing else is added to the base image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin gatehouse
WORKDIR /app
COPY --from=build --chown=root:root --chmod=444 /gatehouse.jar /app/gatehouse.jar
# The configuration file is mounted here (see docker-compose.yml); GATEHOUSE_SECRET_KEY comes from the environment.
ENV GATEHOUSE_CONFIG=/config/gatehouse.yml \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER gatehouse
EXPOSE 8080
# The management port (9090) listens on 127.0.0.1 only; the check runs inside the container, so it reaches it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:9090/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/gatehouse.jar"]
