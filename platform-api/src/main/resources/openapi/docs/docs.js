// Swagger UI initializer: an external file because the CSP forbids inline scripts.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // same origin: "Try it out" uses the dashboard's session cookie or a pasted bearer token / API key
    withCredentials: true,
    persistAuthorization: false
  });
});
