package api_test

// Tests of the JSON write API.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"strings"
	"testing"

	"forcedreturns/dashboard/api"
	"forcedreturns/internal/importer"
	"forcedreturns/models"
)

func apiSourceBody(id string) map[string]any {
	return map[string]any{"id": id, "title": "Refugees caught at the border", "kind": "ngo_report", "publisher": "Border Watch",
		"authors": "A. Author", "published_on": "2020-04-02", "url": "https://example.org/reports/border", "language": "en",
		"reason": "new source"}
}

func apiFigureBody(id, source string) map[string]any {
	return map[string]any{"id": id, "metric": "apprehended", "qualifier": "at_least", "value": 12, "value_text": "at least 12",
		"period_start": "2020-03", "quantity_kind": "flow", "population": "North Koreans", "acting_state": "CN", "receiving_state": "KP",
		"source": source, "quote": quoteDetained, "reported_by": "Border Watch", "reason": "from the report"}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func fieldsOf(e errorBody) map[string]string {
	m := map[string]string{}
	for _, f := range e.Fields {
		m[f.Field] = f.Message
	}
	return m
}

func TestAPIWrites(t *testing.T) {
	es := newEditorServer(t)
	ctx := context.Background()
	tok := newToken(t, es.st, es.editor)

	r := sendJSON(t, es, http.MethodPost, "/api/v1/sources", tok, apiSourceBody("bw-2020"))
	if r.StatusCode != http.StatusCreated || r.Header.Get("Location") != "/api/v1/sources/bw-2020" {
		t.Fatalf("create source: %d, Location %q: %s", r.StatusCode, r.Header.Get("Location"), body(t, r))
	}
	src := decode[api.SourceDetail](t, r)
	if src.Version != 1 || src.Title != "Refugees caught at the border" || len(src.Revisions) != 1 || src.Revisions[0].Editor != es.editor.Name {
		t.Errorf("created source %+v", src)
	}
	upd := apiSourceBody("bw-2020")
	upd["version"], upd["notes"], upd["reason"] = 1, "checked", "note"
	r = sendJSON(t, es, http.MethodPut, "/api/v1/sources/bw-2020", tok, upd)
	if src := decode[api.SourceDetail](t, r); r.StatusCode != http.StatusOK || src.Version != 2 || src.Notes != "checked" {
		t.Fatalf("update source: %d %+v", r.StatusCode, src)
	}
	r = sendJSON(t, es, http.MethodPut, "/api/v1/sources/bw-2020", tok, upd) // version 1 again: stale
	if e := decode[errorBody](t, r); r.StatusCode != http.StatusConflict || e.Code != models.EConflict || !strings.Contains(e.Message, "current version is 2") {
		t.Errorf("stale source update: %d %+v", r.StatusCode, e)
	}

	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, apiFigureBody("bw-2020-03", "bw-2020"))
	if r.StatusCode != http.StatusCreated || r.Header.Get("Location") != "/api/v1/figures/bw-2020-03" {
		t.Fatalf("create figure: %d %s", r.StatusCode, body(t, r))
	}
	fig := decode[map[string]any](t, r)
	if fig["version"] != 1.0 || fig["value_label"] != "at least 12" || fig["period_precision"] != "month" {
		t.Errorf("created figure %v", fig)
	}
	// What GET returns can be sent back with a change: read-only fields
	// are accepted and ignored.
	got := decode[map[string]any](t, get(t, es, "/api/v1/figures/bw-2020-03"))
	got["value"], got["reason"] = 13, "typo"
	r = sendJSON(t, es, http.MethodPut, "/api/v1/figures/bw-2020-03", tok, got)
	fig = decode[map[string]any](t, r)
	if r.StatusCode != http.StatusOK || fig["version"] != 2.0 || fig["value"] != 13.0 || fig["period_start"] != "2020-03-01" || fig["period_precision"] != "month" {
		t.Fatalf("round trip update: %d %v", r.StatusCode, fig)
	}
	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures/bw-2020-03/retract", tok, map[string]any{"version": 2, "reason": "double counted"})
	if fig := decode[map[string]any](t, r); r.StatusCode != http.StatusOK || fig["status"] != "retracted" || fig["retract_reason"] != "double counted" {
		t.Fatalf("retract: %d %v", r.StatusCode, fig)
	}
	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures/bw-2020-03/retract", tok, map[string]any{"version": 3, "reason": "again"})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("retract twice: %d, want 409", r.StatusCode)
	}
	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures/bw-2020-03/restore", tok, map[string]any{"version": 2, "reason": "stale"})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("restore with a stale version: %d, want 409", r.StatusCode)
	}
	r = sendJSON(t, es, http.MethodPost, "/api/v1/figures/bw-2020-03/restore", tok, map[string]any{"version": 3, "reason": "the correction was withdrawn"})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("restore: %d %s", r.StatusCode, body(t, r))
	}
	revs, err := es.st.Revisions(ctx, models.EntityFigure, "bw-2020-03", models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, rv := range revs {
		actions = append(actions, rv.Action+":"+rv.Reason+":"+rv.Editor)
	}
	want := "create:from the report:Editor ed update:typo:Editor ed retract:double counted:Editor ed restore:the correction was withdrawn:Editor ed"
	if strings.Join(actions, " ") != want {
		t.Errorf("revisions %v, want %s", actions, want)
	}
}

func TestAPIWriteRequestsAreStrict(t *testing.T) {
	es := newEditorServer(t)
	tok := newToken(t, es.st, es.editor)
	withExtra := apiFigureBody("strict-1", seedSource)
	withExtra["colour"], withExtra["valeu"] = "red", 1
	noReason := apiFigureBody("strict-2", seedSource)
	delete(noReason, "reason")
	badTypes := apiFigureBody("strict-3", seedSource)
	badTypes["value"] = "12"
	badPeriod := apiFigureBody("strict-4", seedSource)
	badPeriod["period_start"], badPeriod["acting_state"] = "2017-13", "XX"
	both := apiFigureBody("strict-5", seedSource)
	both["period"] = map[string]any{"start": "2020"}
	noVersion := apiFigureBody(seedFigure, seedSource)
	otherID := apiFigureBody("another-id", seedSource)
	otherID["version"] = 1
	tests := []struct {
		name         string
		method, path string
		body         any
		ctype        string
		status       int
		fields       []string
	}{
		{"unknown fields", "POST", "/api/v1/figures", withExtra, "", 400, []string{"colour", "valeu"}},
		{"no reason", "POST", "/api/v1/figures", noReason, "", 400, []string{"reason"}},
		{"wrong type", "POST", "/api/v1/figures", badTypes, "", 400, []string{"value"}},
		{"validation", "POST", "/api/v1/figures", badPeriod, "", 400, []string{"period_start", "acting_state"}},
		{"two periods", "POST", "/api/v1/figures", both, "", 400, []string{"period"}},
		{"no version", "PUT", "/api/v1/figures/" + seedFigure, noVersion, "", 400, []string{"version"}},
		{"id changed", "PUT", "/api/v1/figures/" + seedFigure, otherID, "", 400, []string{"id"}},
		{"not JSON", "POST", "/api/v1/figures", `{"id": `, "", 400, nil},
		{"bidi override in a title", "POST", "/api/v1/sources", strings.Replace(mustJSON(apiSourceBody("bidi-1")), "Refugees caught", "Refugees \u202ecaught", 1), "", 400, []string{"title"}},
		{"repeated field", "POST", "/api/v1/figures", `{"id": "dup-1", "value": 12, "reason": "r", "value": 1200}`, "", 400, []string{"value"}},
		{"repeated nested field", "POST", "/api/v1/figures", `{"id": "dup-2", "period": {"start": "2020", "start": "2021"}, "reason": "r"}`, "", 400, []string{"period.start"}},
		{"repeated escaped field", "PUT", "/api/v1/sources/" + seedSource, `{"title": "T", "t\u0069tle": "U", "reason": "r"}`, "", 400, []string{"title"}},
		{"a count written 12.0", "POST", "/api/v1/figures", strings.Replace(mustJSON(apiFigureBody("num-1", seedSource)), `"value":12`, `"value":12.0`, 1), "", 400, []string{"value"}},
		{"a count written 1.2e1", "POST", "/api/v1/figures", strings.Replace(mustJSON(apiFigureBody("num-2", seedSource)), `"value":12`, `"value":1.2e1`, 1), "", 400, []string{"value"}},
		{"not an object", "POST", "/api/v1/figures", `[1, 2]`, "", 400, nil},
		{"empty", "POST", "/api/v1/sources", ` `, "", 400, nil},
		{"null", "POST", "/api/v1/figures", `null`, "", 400, nil},
		{"form body", "POST", "/api/v1/sources", `id=x`, "application/x-www-form-urlencoded", 415, nil},
		{"too large", "POST", "/api/v1/sources", `{"notes": "` + strings.Repeat("x", api.MaxBody) + `"}`, "", 413, nil},
		{"unknown figure", "PUT", "/api/v1/figures/no-such-figure", noVersion, "", 404, nil},
		{"text_sha256 by hand", "POST", "/api/v1/sources", map[string]any{"id": "s", "title": "T", "kind": "news", "publisher": "P",
			"published_on": "2020-01-02", "url": "https://example.org", "text_sha256": strings.Repeat("a", 64), "reason": "r"}, "", 400, []string{"text_sha256"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, ok := tc.body.(string)
			if !ok {
				j, _ := json.Marshal(tc.body)
				b = string(j)
			}
			ctype := tc.ctype
			if ctype == "" {
				ctype = "application/json"
			}
			r := request{method: tc.method, path: tc.path, body: b, ctype: ctype, headers: []string{"Authorization", "Bearer " + tok}}.do(t, es)
			e := decode[errorBody](t, r)
			if r.StatusCode != tc.status || e.Status != tc.status || e.Message == "" {
				t.Fatalf("status %d, body %+v; want %d", r.StatusCode, e, tc.status)
			}
			got := fieldsOf(e)
			for _, f := range tc.fields {
				if got[f] == "" {
					t.Errorf("no problem named %q in %+v", f, e.Fields)
				}
			}
		})
	}
}

func TestAPIWriteWithSession(t *testing.T) {
	es := newEditorServer(t)
	cookie := signIn(t, es, es.editor.Email)
	b, _ := json.Marshal(apiSourceBody("via-session"))
	// From the tracker's own page.
	r := request{method: http.MethodPost, path: "/api/v1/sources", body: string(b), ctype: "application/json", cookie: cookie,
		headers: []string{"Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"}}.do(t, es)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("same-origin write with the session: %d %s", r.StatusCode, body(t, r))
	}
	// From another site, with the same cookie.
	b, _ = json.Marshal(apiSourceBody("via-evil"))
	r = request{method: http.MethodPost, path: "/api/v1/sources", body: string(b), ctype: "text/plain", cookie: cookie,
		headers: []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}}.do(t, es)
	if e := decode[errorBody](t, r); r.StatusCode != http.StatusForbidden || e.Code != models.EForbidden {
		t.Errorf("cross-site write with the session: %d %+v", r.StatusCode, e)
	}
	if _, err := es.st.GetSource(context.Background(), "via-evil"); models.ErrorCode(err) != models.ENotFound {
		t.Error("the cross-site write was stored")
	}
	// A bad bearer token is refused even with a good session.
	r = request{method: http.MethodPost, path: "/api/v1/sources", body: string(b), ctype: "application/json", cookie: cookie,
		headers: []string{"Authorization", "Bearer frt_wrong"}}.do(t, es)
	if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.Header.Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("bad token with a session: %d %q", r.StatusCode, r.Header.Get("WWW-Authenticate"))
	}
}

// The write API reads a figure as the JSON importer reads one: for every
// problem the importer finds in a figure (at figures[0].field), the API
// names the same field with the same message.
func TestAPIDecodesFiguresAsTheImporter(t *testing.T) {
	es := newEditorServer(t)
	tok := newToken(t, es.st, es.editor)
	tests := []struct {
		name   string
		change map[string]any
	}{
		{"a number as a string", map[string]any{"value": "12"}},
		{"a number with decimals", map[string]any{"value": 12.5}},
		{"qualifier words in the value", map[string]any{"value": "at least 12"}},
		{"a negative offset", map[string]any{"quote_start": -1, "quote_end": 4}},
		{"a text that is a number", map[string]any{"population": 7}},
		{"a flag as a string", map[string]any{"derived": "yes"}},
		{"a bad month", map[string]any{"period_start": "2017-13"}},
		{"a precision finer than the dates", map[string]any{"period_start": "2017-07", "period_end": "2017-08", "period_precision": "day"}},
		{"a nested period", map[string]any{"period_start": nil, "period": map[string]any{"start": "2017-07", "finish": "x"}}},
		{"both periods", map[string]any{"period": map[string]any{"start": "2020"}}},
		{"a typo", map[string]any{"valeu": 12}},
		{"a nested metric", map[string]any{"metric": map[string]any{"slug": "Bad", "colour": 1}}},
		{"a nested source", map[string]any{"source": map[string]any{"id": "s1", "title": 5}}},
		{"a range without bounds", map[string]any{"qualifier": "range"}},
		{"a version that is not one", map[string]any{"version": -3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fig := apiFigureBody("same-rules", seedSource)
			for k, v := range tc.change {
				if v == nil {
					delete(fig, k)
				} else {
					fig[k] = v
				}
			}
			// The importer's view of the same object, in a file.
			inFile := maps.Clone(fig)
			delete(inFile, "reason")
			file, _ := json.Marshal(map[string]any{"figures": []any{inFile}})
			_, err := importer.Parse("f.json", bytes.NewReader(file), importer.Options{})
			want := map[string]string{}
			for _, f := range models.FieldErrors(err) {
				want[strings.TrimPrefix(f.Field, "figures[0].")] = f.Message
			}
			if len(want) == 0 {
				t.Fatalf("the importer finds no problem in %s", file)
			}
			r := sendJSON(t, es, http.MethodPost, "/api/v1/figures", tok, fig)
			e := decode[errorBody](t, r)
			if r.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %+v", r.StatusCode, e)
			}
			got := fieldsOf(e)
			for field, msg := range want {
				if got[field] != msg {
					t.Errorf("%s: the API says %q, the importer %q", field, got[field], msg)
				}
			}
		})
	}
}

// TestAPIMessagesSayWhatWasExpected: a number sent as a JSON string is
// told it must be a JSON number (naming the field, and the number to
// write when the string holds one), and a body that is not JSON keeps
// its detail, in English and in Korean.
func TestAPIMessagesSayWhatWasExpected(t *testing.T) {
	es := newEditorServer(t)
	tok := newToken(t, es.st, es.editor)
	with := func(id string, kv ...any) string {
		b := apiFigureBody(id, seedSource)
		for i := 0; i+1 < len(kv); i += 2 {
			b[kv[i].(string)] = kv[i+1]
		}
		return mustJSON(b)
	}
	retract := "/api/v1/figures/" + seedFigure + "/retract"
	for _, tc := range []struct {
		name, path, body, lang string
		field                  string // "" for the message
		want                   string
	}{
		{"value as a string", "/api/v1/figures", with("str-1", "value", "5"), "", "value", "expected a JSON number, not a string: write 5 without the quotes"},
		{"value as a string, Korean", "/api/v1/figures", with("str-1", "value", "5"), "ko", "value", "문자열이 아니라 JSON 숫자여야 합니다. 따옴표 없이 5(으)로 쓰세요"},
		{"grouped digits as a string", "/api/v1/figures", with("str-2", "value", "1,204"), "", "value", "expected a JSON number, not a string: write 1204 without the quotes"},
		{"not a number, as a string", "/api/v1/figures", with("str-3", "value", "5x"), "", "value", `expected a JSON number such as 41, not a string: got "5x"`},
		{"not a number, Korean", "/api/v1/figures", with("str-3", "value", "5x"), "ko", "value", `문자열이 아니라 41 같은 JSON 숫자여야 하는데 "5x"입니다`},
		{"range ends as strings", "/api/v1/figures", with("str-4", "qualifier", "range", "value", nil, "value_low", "24", "value_high", 99), "", "value_low", "expected a JSON number, not a string: write 24 without the quotes"},
		{"words stay a hint to value_text", "/api/v1/figures", with("str-5", "value", "dozens"), "", "value", "leave value empty, put the words in value_text"},
		{"version as a string", retract, `{"version": "3", "reason": "r"}`, "", "version", "expected a JSON number, not a string: write 3 without the quotes"},
		{"version as a string, Korean", retract, `{"version": "3", "reason": "r"}`, "ko", "version", "따옴표 없이 3(으)로 쓰세요"},
		{"not JSON", "/api/v1/figures", `{"id": `, "", "", "The body is not valid JSON (at byte 7): unexpected end of JSON input."},
		{"not JSON, Korean", "/api/v1/figures", `{"id": `, "ko", "", "본문이 올바른 JSON이 아닙니다(7번째 바이트): unexpected end of JSON input."},
		{"empty, Korean", "/api/v1/sources", ` `, "ko", "", "본문이 비어 있습니다. JSON 객체를 보내야 합니다."},
		{"not an object, Korean", "/api/v1/figures", `[1]`, "ko", "", "본문은 JSON 객체여야 합니다."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := request{method: "POST", path: tc.path, body: tc.body, ctype: "application/json",
				headers: []string{"Authorization", "Bearer " + tok, "Accept-Language", tc.lang}}.do(t, es)
			e := decode[errorBody](t, r)
			got := e.Message
			if tc.field != "" {
				got = fieldsOf(e)[tc.field]
			}
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(got, tc.want) {
				t.Errorf("%d %+v: want %q in %s", r.StatusCode, e, tc.want, cmp.Or(tc.field, "the message"))
			}
		})
	}
}
