/* jsonq PATH < FILE: parses one JSON document from stdin (json-c) and prints the value at PATH (keys and array indexes, dot-separated; a final "#" prints an array's length); exit 1 if the input is not JSON, 3 if PATH is not in it. */
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	size_t len = fread(buf, 1, sizeof(buf) - 1, stdin);
	struct json_tokener *tok = json_tokener_new();
	struct json_object *root, *v;
	char *path, *part, *save;

	if (argc != 2) {
		fprintf(stderr, "usage: jsonq PATH < FILE\n");
		return 2;
	}
	buf[len] = '\0';
	root = json_tokener_parse_ex(tok, buf, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success ||
	    buf[json_tokener_get_parse_end(tok) +
		strspn(buf + json_tokener_get_parse_end(tok), " \t\r\n")]) {
		fprintf(stderr, "jsonq: not one JSON document\n");
		return 1;
	}
	v = root;
	path = strdup(argv[1]);
	for (part = strtok_r(path, ".", &save); part;
	     part = strtok_r(NULL, ".", &save)) {
		if (!strcmp(part, "#") &&
		    json_object_is_type(v, json_type_array)) {
			printf("%zu\n", json_object_array_length(v));
			return 0;
		}
		bool found = false;

		if (json_object_is_type(v, json_type_array)) {
			found = strtoul(part, NULL, 10) <
				json_object_array_length(v);
			v = json_object_array_get_idx(v,
						      strtoul(part, NULL, 10));
		} else if (json_object_is_type(v, json_type_object)) {
			found = json_object_object_get_ex(v, part, &v);
		}
		if (!found) {
			fprintf(stderr, "jsonq: no %s\n", argv[1]);
			return 3;
		}
	}
	/* a JSON null is a NULL object: json_object_to_json_string says "null" */
	printf("%s\n", json_object_is_type(v, json_type_string) ?
			       json_object_get_string(v) :
			       json_object_to_json_string(v));
	return 0;
}
