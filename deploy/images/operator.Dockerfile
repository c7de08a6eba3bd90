# The operator image: the Quarkus JVM application built by `./mvnw -B -pl operator -am package`.
# Build from the repository root:
#   docker build -f deploy/images/operator.Dockerfile -t routemq-operator:dev .
FROM eclipse-temurin:17-jre
WORKDIR /deployments
COPY --chown=185:0 operator/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185:0 operator/target/quarkus-app/*.jar /deployments/
COPY --chown=185:0 operator/target/quarkus-app/app/ /deployments/app/
COPY --chown=185:0 operator/target/quarkus-app/quarkus/ /deployments/quarkus/
USER 185
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/deployments/quarkus-run.jar"]
