package api

// Names the HTTP tests (package api_test) need from inside the package.

// SourceDetail is the body of GET /sources/{id} and of a source write.
type SourceDetail = sourceDetail

// MaxBody bounds a request body of the write API.
const MaxBody = maxAPIBody
