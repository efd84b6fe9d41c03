# Multi-stage build: compile in the Rust image, run in a slim image as a non-root user.
FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs rustfmt.toml ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
RUN cargo build --release --locked --bin bioreg

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/bioreg --create-home bioreg \
 && install -d -o bioreg -g bioreg /var/lib/bioreg/index
COPY --from=build /src/target/release/bioreg /usr/local/bin/bioreg
USER bioreg
WORKDIR /var/lib/bioreg
ENV BIOREG_BIND=0.0.0.0:8080 \
    DATABASE_URL=sqlite:///var/lib/bioreg/bioreg.db
EXPOSE 8080
# /ready answers 503 until the sequence index is loaded: seconds from its saved file, minutes when a large
# registry has none yet, hence the start period.
HEALTHCHECK --interval=10s --timeout=3s --retries=5 --start-period=300s CMD curl -fsS http://127.0.0.1:8080/ready || exit 1
ENTRYPOINT ["bioreg"]
CMD ["serve"]
