// The server each generated image runs (Python, written into the build context as mlops_serve.py).
// Kept as text here so that the bundled extension and CLI carry it without extra files.
export const SERVING_SERVER_SOURCE = String.raw`"""Serves an MLflow model with MLflow's own scoring server and adds GET /metrics (Prometheus).

Written by MLOps Studio into the images it builds. MLflow's app answers /ping, /health,
/version and /invocations; this wraps it to count requests by status code, time them, count
errors, and expose those counts. One process, so the counts cover every request.
"""
import os
import threading
import time

MODEL_PATH = os.environ.get("MLOPS_MODEL_PATH", "/opt/mlops/model")
LABELS = {
    "model": os.environ.get("MLOPS_MODEL_NAME", ""),
    "version": os.environ.get("MLOPS_MODEL_VERSION", ""),
}
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# Anything else is counted as "other", so random paths cannot grow the series without bound.
KNOWN_PATHS = ("/ping", "/health", "/version", "/invocations", "/metrics")
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _escape(value):
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(**extra):
    merged = dict(LABELS, **extra)
    return "{" + ",".join('%s="%s"' % (k, _escape(v)) for k, v in merged.items()) + "}"


def _number(value):
    return repr(float(value)) if isinstance(value, float) else str(value)


class Metrics:
    def __init__(self, info):
        self._lock = threading.Lock()
        self._info = info
        self._requests = {}
        self._errors = {}
        self._durations = {}
        self._in_flight = 0

    def started(self):
        with self._lock:
            self._in_flight += 1

    def finished(self, method, path, status, seconds):
        path = path if path in KNOWN_PATHS else "other"
        with self._lock:
            self._in_flight -= 1
            key = (method, path, str(status))
            self._requests[key] = self._requests.get(key, 0) + 1
            if status >= 400:
                error_key = (path, "server" if status >= 500 else "client")
                self._errors[error_key] = self._errors.get(error_key, 0) + 1
            counts, total = self._durations.get(path, ([0] * len(BUCKETS), [0.0, 0]))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[i] += 1
            total[0] += seconds
            total[1] += 1
            self._durations[path] = (counts, total)

    def render(self):
        with self._lock:
            out = [
                "# HELP mlops_model_info The model this server serves.",
                "# TYPE mlops_model_info gauge",
                "mlops_model_info%s 1" % _labels(**self._info),
                "# HELP mlops_model_requests_total HTTP requests answered, by method, path and status code.",
                "# TYPE mlops_model_requests_total counter",
            ]
            for (method, path, status), count in sorted(self._requests.items()):
                out.append("mlops_model_requests_total%s %d" % (_labels(method=method, path=path, status=status), count))
            out += [
                "# HELP mlops_model_errors_total Requests answered with a 4xx (client) or 5xx (server) status.",
                "# TYPE mlops_model_errors_total counter",
            ]
            for (path, kind), count in sorted(self._errors.items()):
                out.append("mlops_model_errors_total%s %d" % (_labels(path=path, kind=kind), count))
            out += [
                "# HELP mlops_model_request_duration_seconds Time from request to the end of the response.",
                "# TYPE mlops_model_request_duration_seconds histogram",
            ]
            for path, (counts, total) in sorted(self._durations.items()):
                for bound, count in zip(BUCKETS, counts):
                    out.append("mlops_model_request_duration_seconds_bucket%s %d" % (_labels(path=path, le=_number(bound)), count))
                out.append("mlops_model_request_duration_seconds_bucket%s %d" % (_labels(path=path, le="+Inf"), total[1]))
                out.append("mlops_model_request_duration_seconds_sum%s %s" % (_labels(path=path), _number(total[0])))
                out.append("mlops_model_request_duration_seconds_count%s %d" % (_labels(path=path), total[1]))
            out += [
                "# HELP mlops_model_requests_in_flight Requests being answered now.",
                "# TYPE mlops_model_requests_in_flight gauge",
                "mlops_model_requests_in_flight%s %d" % (_labels(), self._in_flight),
            ]
            return "\n".join(out) + "\n"


class AsgiMetrics:
    """For MLflow >= 2.20, whose scoring server is a FastAPI (ASGI) app."""

    def __init__(self, app, metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        self.metrics.started()
        status = [500]
        counted = [False]

        def count():
            if not counted[0]:
                counted[0] = True
                self.metrics.finished(scope["method"], scope["path"], status[0], time.perf_counter() - started)

        async def send_counted(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                # Counted before the last byte leaves: a client that reads /metrics right after
                # its answer must find the request in it.
                count()
            await send(message)

        try:
            if scope["path"] == "/metrics" and scope["method"] == "GET":
                body = self.metrics.render().encode("utf-8")
                await send_counted({"type": "http.response.start", "status": 200, "headers": [(b"content-type", CONTENT_TYPE.encode())]})
                await send_counted({"type": "http.response.body", "body": body})
            else:
                await self.app(scope, receive, send_counted)
        finally:
            count()


class WsgiMetrics:
    """For older MLflow, whose scoring server is a Flask (WSGI) app."""

    def __init__(self, app, metrics):
        self.app = app
        self.metrics = metrics

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        self.metrics.started()
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        status = [500]

        def start_counted(status_line, headers, exc_info=None):
            status[0] = int(status_line.split(" ", 1)[0])
            return start_response(status_line, headers, exc_info)

        try:
            if path == "/metrics" and method == "GET":
                body = self.metrics.render().encode("utf-8")
                start_counted("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(body)))])
                return [body]
            result = self.app(environ, start_counted)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            self.metrics.finished(method, path, status[0], time.perf_counter() - started)


def model_info():
    try:
        from mlflow.version import VERSION
    except ImportError:
        VERSION = ""
    return {"run_id": os.environ.get("MLOPS_MODEL_RUN_ID", ""), "mlflow_version": VERSION}


def scoring_app():
    from mlflow.pyfunc import scoring_server

    load = getattr(scoring_server, "load_model_with_mlflow_config", None) or scoring_server.load_model
    return scoring_server.init(load(MODEL_PATH))


def main():
    app = scoring_app()
    metrics = Metrics(model_info())
    host = os.environ.get("MLOPS_SERVING_HOST", "0.0.0.0")
    # PORT is what the deploy targets set per container; MLOPS_SERVING_PORT is the image's default.
    port = int(os.environ.get("PORT") or os.environ.get("MLOPS_SERVING_PORT") or "8080")
    if hasattr(app, "wsgi_app"):
        from werkzeug.serving import run_simple

        run_simple(host, port, WsgiMetrics(app, metrics), threaded=True)
    else:
        import uvicorn

        uvicorn.run(AsgiMetrics(app, metrics), host=host, port=port, log_level=os.environ.get("MLOPS_SERVING_LOG_LEVEL", "info"))


if __name__ == "__main__":
    main()
`;
