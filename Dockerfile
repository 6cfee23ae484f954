# The qbo-sandbox image: `qbo-sandbox serve`, both apps, as a non-root user, data in the /data volume.
# Build it with `make image` (scripts/build-image), which builds the wheels first: this build needs no network
# and copies nothing but build/image/wheels. BASE is any Debian-like image with python3 (3.11) and venv.
ARG BASE=python:3.11-slim

FROM ${BASE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
# The dependencies' layer is cached until they change; the project's own wheel goes in after them.
COPY build/image/wheels/deps /wheels/deps
RUN python3 -m venv /opt/qbo-sandbox \
 && /opt/qbo-sandbox/bin/pip install --quiet --no-index --find-links /wheels/deps -r /wheels/deps/requirements.txt
COPY build/image/wheels/project /wheels/project
RUN /opt/qbo-sandbox/bin/pip install --quiet --no-index --no-deps /wheels/project/*.whl \
 && /opt/qbo-sandbox/bin/pip uninstall --quiet --yes pip setuptools

FROM ${BASE}
# Everything but the program first, so that a rebuild after a code change redoes only the last layer.
RUN mkdir /data && chown 10001:10001 /data
ENV PATH=/opt/qbo-sandbox/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    QBO_SANDBOX_HOST=0.0.0.0 \
    QBO_SANDBOX_DATA_DIR=/data
USER 10001:10001
WORKDIR /data
# A named volume starts as a copy of this folder, so it belongs to the user that writes it.
VOLUME /data
EXPOSE 8000 8001
# Both apps' /_sandbox/health, on the ports the QBO_SANDBOX_*_PORT variables give (8000 and 8001 by default).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 CMD ["python3", "-m", "sandbox.health_probe"]
ENTRYPOINT ["qbo-sandbox", "serve"]
ARG VERSION=0.0.0
LABEL org.opencontainers.image.title="qbo-sandbox" \
      org.opencontainers.image.description="A local, offline emulator of QuickBooks Online Bank Feeds through a Codat-compatible API" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /opt/qbo-sandbox /opt/qbo-sandbox
