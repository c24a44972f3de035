package openapi

// The objects of an OpenAPI 3.1 document, limited to the fields tonic
// writes. They marshal with their keys in the order of the fields, and
// maps (paths, responses, components) with their keys sorted, so that the
// same routes always give the same bytes.

// Version is the OpenAPI version of the documents New makes.
const Version = "3.1.0"

// document is the OpenAPI Object.
type document struct {
	OpenAPI    string               `json:"openapi"`
	Info       Info                 `json:"info"`
	Paths      map[string]*pathItem `json:"paths"`
	Components *components          `json:"components,omitempty"`
}

// Info is the document's Info Object: what the API is called and which
// version of it the document describes.
type Info struct {
	// Title names the API. Required.
	Title string `json:"title"`
	// Summary is a one-line description. Defaults to none.
	Summary string `json:"summary,omitempty"`
	// Description describes the API at length, in CommonMark. Defaults to
	// none.
	Description string `json:"description,omitempty"`
	// Version is the version of the API (not of OpenAPI). Required.
	Version string `json:"version"`
}

// pathItem holds the operations of one path, in the order OpenAPI lists
// its methods.
type pathItem struct {
	Get     *operation `json:"get,omitempty"`
	Put     *operation `json:"put,omitempty"`
	Post    *operation `json:"post,omitempty"`
	Delete  *operation `json:"delete,omitempty"`
	Options *operation `json:"options,omitempty"`
	Head    *operation `json:"head,omitempty"`
	Patch   *operation `json:"patch,omitempty"`
	Trace   *operation `json:"trace,omitempty"`
}

// slot returns the field of item for method, or nil for a method OpenAPI
// 3.1 cannot name.
func (item *pathItem) slot(method string) **operation {
	switch method {
	case "GET":
		return &item.Get
	case "PUT":
		return &item.Put
	case "POST":
		return &item.Post
	case "DELETE":
		return &item.Delete
	case "OPTIONS":
		return &item.Options
	case "HEAD":
		return &item.Head
	case "PATCH":
		return &item.Patch
	case "TRACE":
		return &item.Trace
	}
	return nil
}

// operationMethods are the methods OpenAPI 3.1 can name, in its order.
var operationMethods = [...]string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

// operation is the Operation Object.
type operation struct {
	Tags        []string              `json:"tags,omitempty"`
	Summary     string                `json:"summary,omitempty"`
	Description string                `json:"description,omitempty"`
	OperationID string                `json:"operationId"`
	Parameters  []*parameter          `json:"parameters,omitempty"`
	RequestBody *requestBody          `json:"requestBody,omitempty"`
	Responses   map[string]*response  `json:"responses"`
	Security    []map[string][]string `json:"security,omitempty"`
	idGiven     bool                  // OperationID was chosen, not derived
	route       string                // "GET /1.0/stuff/{id}", for errors
	fn          string                // the typed handler's function, for the derived ID
	method      string                // where the document has it, for the derived ID
	path        string
}

// parameter is the Parameter Object.
type parameter struct {
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Description string  `json:"description,omitempty"`
	Required    bool    `json:"required,omitempty"`
	Schema      *Schema `json:"schema"`
}

// requestBody is the Request Body Object.
type requestBody struct {
	Description string                `json:"description,omitempty"`
	Content     map[string]*mediaType `json:"content"`
	Required    bool                  `json:"required,omitempty"`
}

// response is the Response Object.
type response struct {
	Description string                `json:"description"`
	Headers     map[string]*header    `json:"headers,omitempty"`
	Content     map[string]*mediaType `json:"content,omitempty"`
}

// header is the Header Object.
type header struct {
	Description string  `json:"description,omitempty"`
	Schema      *Schema `json:"schema"`
}

// mediaType is the Media Type Object.
type mediaType struct {
	Schema *Schema `json:"schema"`
}

// components is the Components Object.
type components struct {
	Schemas         map[string]*Schema         `json:"schemas,omitempty"`
	SecuritySchemes map[string]*securityScheme `json:"securitySchemes,omitempty"`
}

// securityScheme is the Security Scheme Object of an HTTP authentication
// scheme.
type securityScheme struct {
	Type   string `json:"type"`
	Scheme string `json:"scheme"`
}
