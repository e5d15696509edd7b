# Stage 1: build the static frontend.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src
COPY schema.graphql ./
COPY frontend/package.json frontend/package-lock.json ./frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN cd frontend && npm run build

# Stage 2: the Python service, serving the built frontend.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    APP_ENV=production HOST=0.0.0.0 PORT=8000 \
    FRONTEND_DIST=/app/frontend/dist DATA_DIR=/app/data
WORKDIR /app
COPY requirements.lock pyproject.toml ./
COPY backend ./backend
RUN pip install --no-cache-dir -c requirements.lock . \
    && useradd --system --home /app gongzhi && mkdir -p /app/data && chown gongzhi /app/data
COPY --from=frontend /src/frontend/dist ./frontend/dist
USER gongzhi
EXPOSE 8000
# Migrations run at every start; they are idempotent.
CMD ["sh", "-c", "gongzhi migrate && gongzhi serve --workers ${WORKERS:-2}"]
