package httpapi

// The JSON shapes the OpenAPI description refers to by name (routedocs.go
// names them per row). They follow the representation code (structure_repr.go,
// profiles_repr.go, account.go, datarequests.go); unknown properties of a
// body are ignored by the server, so bodies stay open.

type schema = map[string]any

func str(desc string) schema {
	if desc == "" {
		return schema{"type": "string"}
	}
	return schema{"type": "string", "description": desc}
}

var (
	idString  = schema{"type": "string", "pattern": "^[0-9]+$", "description": "an ID, as a string of digits"}
	boolean   = schema{"type": "boolean"}
	integer   = schema{"type": "integer"}
	stamp     = str("YYYY-MM-DD HH:MM:SS in the server's time zone")
	stringMap = schema{"description": "field name → value; [] when there are none (PHP heritage)",
		"oneOf": []any{
			schema{"type": "object", "additionalProperties": schema{"type": "string"}},
			schema{"type": "array", "maxItems": 0},
		}}
	// bodyObject: a form or JSON object; an empty JSON array counts as an
	// empty object (conventions §4.2).
	anyValue = schema{}
)

func ref(name string) schema { return schema{"$ref": "#/components/schemas/" + name} }

func object(props ...any) schema {
	p := schema{}
	for i := 0; i+1 < len(props); i += 2 {
		p[props[i].(string)] = props[i+1]
	}
	return schema{"type": "object", "properties": p}
}

func arrayOf(items schema) schema { return schema{"type": "array", "items": items} }

// listOfSchema is the paging envelope of conventions §7.1.
func listOfSchema(item string) schema {
	s := object("start", integer, "limit", integer, "count", integer, "data", arrayOf(ref(item)),
		"total", schema{"type": "integer", "description": "left out when total=false"})
	s["required"] = []string{"start", "limit", "count", "data"}
	return s
}

func componentSchemas() map[string]any {
	intentions := object("email", boolean, "sms", boolean, "fax", boolean, "pdf", boolean)
	field := object("ID", idString, "name", str(""), "type", str("text, email, phone, integer, float, date, datetime, empty_date, empty_datetime, select, big, foreign_key, …"),
		"value", str("default value"), "displayed", boolean, "ordered", boolean, "length", str("a number, as a string"),
		"textlines", str("a number, as a string"), "hidden", boolean, "index", boolean)
	nested := func(item string) schema { return listOfSchema(item) }
	lastBuilt := schema{"description": "false before the first build, else when it was built", "oneOf": []any{boolean, stamp}}
	s := map[string]any{
		"Error": func() schema {
			e := object("error", func() schema {
				m := object("message", str("Copernica's message, e.g. Invalid access token"))
				m["required"] = []string{"message"}
				return m
			}())
			e["required"] = []string{"error"}
			return e
		}(),
		"Identity": object("id", idString, "name", str(""), "description", str(""), "company", str(""),
			"customer", schema{"type": "object", "description": "v3 only"}, "usedBy", schema{"description": "v3 only"},
			"license", schema{"type": "object", "description": "v3 only"}),
		"Consumption": object("emails", integer, "texts", integer, "fax", integer, "webpages", integer,
			"apicalls", integer, "litmustests", integer, "twofiftyoktests", integer),
		"Intentions": intentions,
		"Database": object("ID", idString, "name", str(""), "description", str(""), "archived", boolean, "created", stamp,
			"fields", nested("Field"), "interests", nested("Interest"), "collections", nested("Collection"), "intentions", intentions),
		"Field":      field,
		"Interest":   object("ID", idString, "name", str(""), "group", str("")),
		"Collection": object("ID", idString, "name", str(""), "database", idString, "fields", nested("Field"), "intentions", intentions),
		"Unsubscribe": object("behavior", str("nothing, update or remove"),
			"fields", stringMap),
		"Profile": object("ID", idString, "fields", stringMap, "interests", arrayOf(str("interest name")),
			"database", idString, "secret", str(""), "created", stamp, "modified", stamp,
			"removed", schema{"description": "false, or when the profile was removed", "oneOf": []any{boolean, stamp}}),
		"Subprofile": object("ID", idString, "secret", str(""), "fields", stringMap, "profile", idString, "collection", idString,
			"created", stamp, "modified", stamp,
			"removed", schema{"description": "false, or when the subprofile was removed", "oneOf": []any{boolean, stamp}}),
		"FieldValues":   stringMap,
		"InterestNames": schema{"description": "interest names (return=ids: IDs; return=objects: Interest objects); as a body also {\"name\": 1, …}", "type": []string{"array", "object"}},
		"IDList":        arrayOf(idString),
		"Event":         object("event", str("create, update or delete"), "timestamp", stamp, "id", idString, "data", anyValue),
		"File":          object("ID", idString, "name", str("")),
		"DataRequest":   object("data", anyValue),
		"Import": object("ID", idString, "name", str(""), "type", str("add, update, update or add, ignore or add, delete"),
			"status", str("ready for start, running, finished or error"), "totallines", idString, "processedlines", idString,
			"processedLines", idString, "lastrun", schema{"description": "false, or when the job last started", "oneOf": []any{boolean, stamp}},
			"nextrun", boolean, "lasterror", schema{"description": "false, or what went wrong (rows not applied, the fault that stopped it)", "oneOf": []any{boolean, str("")}}),
		"ImportInput": object("database", schema{"description": "database ID or name"}, "name", str(""), "action", str("add (default), update, update or add, ignore or add, delete"),
			"keyFields", schema{"description": "names of key fields (Field or Collection.Field); required for every action but add", "type": "array"},
			"ignoreEmptyFields", boolean, "removeMissing", boolean, "deleteTarget", str("profile (default) or subprofile"),
			"autostart", boolean, "followups", boolean, "rebuild", boolean,
			"source", schema{"description": "CSV or JSON text, or an array of records"}, "format", str("csv or json"),
			"delimiter", str("tab, comma or semicolon (CSV)"), "location", str("URL to fetch, when the server allows it")),
		"DataRequestStatus": object("status", str("available or not available"), "available", integer,
			"content-type", str("")),
		"DataRequestData": object("info", object("type", str(""), "id", idString), "data", arrayOf(anyValue)),
		"DatabaseList":    listOfSchema("Database"),
		"FieldList":       listOfSchema("Field"),
		"InterestList":    listOfSchema("Interest"),
		"CollectionList":  listOfSchema("Collection"),
		"ProfileList": func() schema {
			l := listOfSchema("Profile")
			l["properties"].(schema)["nextid"] = schema{"type": "string", "pattern": "^[0-9]+$", "description": "v4, ascending ID order only: the ID to start the next page from"}
			return l
		}(),
		"SubprofileList": func() schema {
			l := listOfSchema("Subprofile")
			l["properties"].(schema)["nextid"] = schema{"type": "string", "pattern": "^[0-9]+$", "description": "v4, ascending ID order only: the ID to start the next page from"}
			return l
		}(),
		"FileList":  listOfSchema("File"),
		"EventList": arrayOf(ref("Event")),

		"DatabaseInput":   object("name", str(""), "description", str(""), "archived", boolean),
		"CopyInput":       object("name", str("name of the copy"), "description", str(""), "profiles", schema{"description": "also copy the profiles", "type": []string{"boolean", "string", "integer"}}),
		"FieldInput":      object("name", str(""), "type", str(""), "value", str("default value"), "displayed", boolean, "ordered", boolean, "length", integer, "textlines", integer, "hidden", boolean, "index", boolean),
		"InterestInput":   object("name", str(""), "group", str("")),
		"CollectionInput": object("name", str("")),
		"ProfileInput": object("fields", stringMap, "interests", schema{"description": "names, or {name: 1|0}"},
			"secret", str("v1 only"), "created", stamp, "modified", stamp),
		"SubprofileInput": object("fields", stringMap),

		// Selections.
		"View": object("ID", idString, "name", str(""), "description", str(""),
			"parent-type", str("database or view"), "parent-id", idString, "has-children", boolean,
			"has-referred", boolean, "has-rules", boolean, "database", idString, "last-built", lastBuilt,
			"intentions", intentions),
		"Miniview": object("ID", idString, "name", str(""), "description", str(""),
			"parent-type", str("always collection"), "parent-id", idString, "collection", idString,
			"last-built", lastBuilt, "intentions", intentions),
		"Rule": object("ID", idString, "name", str(""), "view", idString, "description", str(""),
			"conditions", nested("Condition"), "inversed", boolean, "inverted", boolean, "disabled", boolean),
		"Condition":     object("ID", idString, "type", str("the canonical type name"), "rule", idString),
		"ViewList":      listOfSchema("View"),
		"MiniviewList":  listOfSchema("Miniview"),
		"RuleList":      listOfSchema("Rule"),
		"ConditionList": listOfSchema("Condition"),
		"ViewInput":     object("name", str("required on create; unique"), "description", str("")),
		"ViewCopyInput": object("name", str("name of the copy"), "options", object("views", schema{"description": "also copy the nested views", "type": []string{"boolean", "string", "integer"}})),
		"RuleInput": object("name", str("required on create; unique in the view or miniview"), "description", str(""),
			"inversed", boolean, "inverted", boolean, "disabled", boolean),
		"ConditionInput": object("type", str("the condition's type (required on create)")),
		"ProfileIDs":     object("profiles", arrayOf(schema{"type": []string{"string", "integer"}})),

		// Webhooks.
		"Webhook": object("ID", idString, "handler", str("http(s) URL the events are POSTed to"),
			"trigger", str("create, update, delete, click, delivery, open, bounce or failure"),
			"callers", arrayOf(str("")), "database", schema{"description": "database ID, false when unset", "oneOf": []any{idString, boolean}},
			"collection", schema{"description": "collection ID, false when unset", "oneOf": []any{idString, boolean}},
			"deliveries", object("delivered", integer, "failed", integer, "retried", integer, "pending", integer)),
		"WebhookList": listOfSchema("Webhook"),
		"WebhookInput": object("handler", str("absolute http(s) URL (required on create)"),
			"trigger", str("required on create"),
			"callers", schema{"description": "caller names (ms, publisher, rest, soap, click, open, failure, bounce, import, copy) as a list or a comma-separated string; empty: every caller"},
			"database", schema{"description": "database ID; 0, \"\" or null clears it", "type": []string{"string", "integer", "null"}},
			"collection", schema{"description": "collection ID; 0, \"\" or null clears it", "type": []string{"string", "integer", "null"}}),
	}
	for _, v := range s {
		if m, ok := v.(schema); ok && m["type"] == "object" && m["additionalProperties"] == nil {
			// The server ignores keys it does not know (B14).
			m["additionalProperties"] = true
		}
	}
	return s
}
