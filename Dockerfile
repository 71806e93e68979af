# syntax=docker/dockerfile:1
# Trajectory service image: built from source, run as a non-root user.
#   docker build -t trajectory:0.1.0 .      (or: docker compose up --build)

# ---- build -------------------------------------------------------------------------------
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src

# The poms alone first: the dependency layer below is rebuilt only when a pom changes.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY common/pom.xml common/
COPY producer/pom.xml producer/
COPY streams-processor/pom.xml streams-processor/
COPY query-api/pom.xml query-api/
COPY embedded-kafka/pom.xml embedded-kafka/
COPY app/pom.xml app/
COPY benchmarks/pom.xml benchmarks/
# Our own modules are built below, not downloaded
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=io.trajectory

COPY . .
RUN mvn -B -DskipTests package

# ---- runtime -----------------------------------------------------------------------------
FROM eclipse-temurin:17.0.17_10-jre

RUN groupadd --system --gid 10001 trajectory \
 && useradd --system --uid 10001 --gid trajectory --home-dir /var/lib/trajectory --no-create-home \
        --shell /usr/sbin/nologin trajectory \
 && mkdir -p /opt/trajectory /var/lib/trajectory \
 && chown trajectory:trajectory /var/lib/trajectory

# The launcher layout: app/target/trajectory.jar plus its runtime dependencies in app/target/lib
COPY --from=build /src/app/target/trajectory.jar /opt/trajectory/trajectory.jar
COPY --from=build /src/app/target/lib/ /opt/trajectory/lib/

# Broker data and Kafka Streams state live on a volume (see docker-compose.yml)
ENV TRAJECTORY_DATA_DIR=/var/lib/trajectory
VOLUME ["/var/lib/trajectory"]
WORKDIR /var/lib/trajectory
USER trajectory:trajectory

EXPOSE 8080

# Exec form: java is PID 1 and gets SIGTERM, so the shutdown hook closes Kafka Streams cleanly.
# TRAJECTORY_BOOTSTRAP_SERVERS selects an external cluster; without it `run` starts the embedded broker.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75.0", "-cp", "/opt/trajectory/trajectory.jar:/opt/trajectory/lib/*", "io.trajectory.app.TrajectoryMain", "run"]
