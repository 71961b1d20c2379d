# The ingressctl image `ingressctl install` deploys (serve --kube).
#   docker build -t registry.example.com/ingressctl:0.1.0 .
#   ingressctl install --image registry.example.com/ingressctl:0.1.0 --apply
# Build stage: a static binary (musl), so the runtime stage needs no libc.
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends musl-tools cmake clang \
    && rm -rf /var/lib/apt/lists/* && rustup target add x86_64-unknown-linux-musl
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY benches benches
COPY tests tests
COPY docs docs
RUN cargo build --release --locked --target x86_64-unknown-linux-musl --bin ingressctl

# Runtime stage: distroless static, non-root (uid 65532), nothing else in the image.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /src/target/x86_64-unknown-linux-musl/release/ingressctl /usr/local/bin/ingressctl
USER 65532:65532
EXPOSE 8080 8443 15000
ENTRYPOINT ["/usr/local/bin/ingressctl"]
CMD ["serve", "--kube"]
