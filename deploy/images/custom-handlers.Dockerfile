# Your own handlers on top of the base worker image.
#
# 1. Write a class implementing the worker's handler SPI (see worker-runtime's README section
#    "Writing a handler" in the README) and list it in META-INF/services of your jar.
# 2. Build your jar, then this image:
#      docker build -f deploy/images/custom-handlers.Dockerfile \
#        --build-arg HANDLER_JAR=target/my-handlers.jar -t my-registry/routemq-worker-custom:1.0 .
# 3. Use the image in spec.worker.image, and name your handlers in routes[].handler.type. Tell the
#    operator which handler names the image has with the annotation routemq.io/handlers on the
#    RouteMQCluster (comma-separated), or it rejects routes naming unknown handlers.
ARG BASE=ghcr.io/routemq/routemq-worker:0.1.0
FROM ${BASE}
ARG HANDLER_JAR
# The worker loads every jar in ROUTEMQ_HANDLERS_DIR (default /deployments/handlers) at start.
COPY --chown=185:0 ${HANDLER_JAR} /deployments/handlers/
