package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"example.com/project/internal/links"
)

// linkHandlers serve /shorten and the redirect.
type linkHandlers struct {
	links *links.Service
}

// linkBody is the JSON of a link; stats add accessCount.
type linkBody struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	ShortCode   string `json:"shortCode"`
	CreatedAt   string `json:"createdAt"`
	UpdatedAt   string `json:"updatedAt"`
	AccessCount *int64 `json:"accessCount,omitempty"`
}

// timestampLayout is ISO-8601 in UTC with milliseconds.
const timestampLayout = "2006-01-02T15:04:05.000Z"

func toBody(l links.Link) linkBody {
	return linkBody{
		ID:        l.ID,
		URL:       l.URL,
		ShortCode: l.ShortCode,
		CreatedAt: l.CreatedAt.UTC().Format(timestampLayout),
		UpdatedAt: l.UpdatedAt.UTC().Format(timestampLayout),
	}
}

// readURL decodes and validates the body of POST /shorten and PUT /shorten/{code},
// {"url": "..."}. The body is read as a map rather than a struct because
// encoding/json matches struct fields case-insensitively: {"URL": "..."} must be
// a missing url, as it is for every other JSON client.
func readURL(w http.ResponseWriter, r *http.Request) (string, error) {
	var body map[string]json.RawMessage
	if err := decodeJSON(w, r, &body, maxBodyBytes); err != nil {
		return "", err
	}
	if body == nil { // the JSON value null
		return "", validationError(FieldError{Path: "body", Message: "must be a JSON object"})
	}
	raw, ok := body["url"]
	if !ok {
		return "", validationError(FieldError{Path: "url", Message: "is required"})
	}
	var url string
	if string(raw) == "null" || json.Unmarshal(raw, &url) != nil {
		return "", validationError(FieldError{Path: "url", Message: "must be a string"})
	}
	if err := links.ValidateURL(url); err != nil {
		return "", validationError(FieldError{Path: "url", Message: err.Error()})
	}
	return url, nil
}

// pathCode returns the {code} path value, or a not_found error for a code that
// cannot exist (so no query is made for it).
func pathCode(r *http.Request) (string, error) {
	code := r.PathValue("code")
	if !links.ValidCode(code) {
		return "", errNoSuchLink
	}
	return code, nil
}

var errNoSuchLink = notFound("No link has this short code.")

// linkError maps the domain's not-found to 404; anything else stays a 500.
func linkError(err error) error {
	if errors.Is(err, links.ErrNotFound) {
		return errNoSuchLink
	}
	return err
}

func (h linkHandlers) create(w http.ResponseWriter, r *http.Request) error {
	url, err := readURL(w, r)
	if err != nil {
		return err
	}
	link, err := h.links.Create(r.Context(), url)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/shorten/"+link.ShortCode)
	writeJSON(w, http.StatusCreated, toBody(link))
	return nil
}

func (h linkHandlers) get(w http.ResponseWriter, r *http.Request) error {
	code, err := pathCode(r)
	if err != nil {
		return err
	}
	link, err := h.links.Get(r.Context(), code)
	if err != nil {
		return linkError(err)
	}
	writeJSON(w, http.StatusOK, toBody(link))
	return nil
}

func (h linkHandlers) update(w http.ResponseWriter, r *http.Request) error {
	code, err := pathCode(r)
	if err != nil {
		return err
	}
	url, err := readURL(w, r)
	if err != nil {
		return err
	}
	link, err := h.links.Update(r.Context(), code, url)
	if err != nil {
		return linkError(err)
	}
	writeJSON(w, http.StatusOK, toBody(link))
	return nil
}

func (h linkHandlers) delete(w http.ResponseWriter, r *http.Request) error {
	code, err := pathCode(r)
	if err != nil {
		return err
	}
	if err := h.links.Delete(r.Context(), code); err != nil {
		return linkError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h linkHandlers) stats(w http.ResponseWriter, r *http.Request) error {
	code, err := pathCode(r)
	if err != nil {
		return err
	}
	link, err := h.links.Stats(r.Context(), code)
	if err != nil {
		return linkError(err)
	}
	body := toBody(link)
	body.AccessCount = &link.AccessCount
	writeJSON(w, http.StatusOK, body)
	return nil
}

// redirect answers GET /{code} with 302 to the link's URL and counts one access.
func (h linkHandlers) redirect(w http.ResponseWriter, r *http.Request) error {
	code, err := pathCode(r)
	if err != nil {
		return err
	}
	url, err := h.links.Resolve(r.Context(), code)
	if err != nil {
		return linkError(err)
	}
	w.Header().Set("Location", links.ToLocation(url))
	w.Header().Set("Cache-Control", "no-store") // browsers must come back, or clicks go uncounted
	w.WriteHeader(http.StatusFound)
	return nil
}
