# The base worker image: the RouteMQ worker runtime built by `./mvnw -B -pl worker-runtime -am package`.
# Build from the repository root:
#   docker build -f deploy/images/worker.Dockerfile -t routemq-worker:dev .
# Extend it with your own handlers: see deploy/images/custom-handlers.Dockerfile.
FROM eclipse-temurin:17-jre
WORKDIR /deployments
COPY --chown=185:0 worker-runtime/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185:0 worker-runtime/target/quarkus-app/*.jar /deployments/
# The class-data archive the build made (a faster start); the JVM ignores it, with a warning, unless this image's
# JVM is the very build that made it (the build's JDK and this base differ, so here it is most likely ignored).
# Making it with this image's own JVM in a build step is not done here: it has not been tried without Docker.
COPY --chown=185:0 worker-runtime/target/quarkus-app/app-cds.jsa /deployments/
COPY --chown=185:0 worker-runtime/target/quarkus-app/app/ /deployments/app/
COPY --chown=185:0 worker-runtime/target/quarkus-app/quarkus/ /deployments/quarkus/
# Handler jars dropped here are loaded at start (ROUTEMQ_HANDLERS_DIR; see "Writing a handler" in the README).
ENV ROUTEMQ_HANDLERS_DIR=/deployments/handlers
RUN mkdir -p /deployments/handlers && chown 185:0 /deployments/handlers
USER 185
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# The jar is named from the working directory: the archive records the class path as the build's run gave it.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=app-cds.jsa", "-jar", "quarkus-run.jar"]
