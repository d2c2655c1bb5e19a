/* SPDX-License-Identifier: Apache-2.0 */
/* test_output.c: replies printed as the AWS CLI prints them (json, text, table), and hostile text made safe. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "output.h"
#include "tap.h"
#include "text.h"

static char *fmt(const char *json, enum output_format f, const char *title)
{
	cJSON *v = cJSON_Parse(json);
	struct buf b;
	buf_init(&b);
	if (v)
		output_format(&b, v, f, title);
	cJSON_Delete(v);
	return v ? buf_steal(&b) : NULL;
}

static void check(const char *json, enum output_format f, const char *want, const char *name)
{
	char *got = fmt(json, f, "ListInvitations");
	tap_is_str(got, want, "%s", name);
	free(got);
}

/* The table of `json` as the operation `title`, compared with the AWS CLI's. */
static void table_is(const char *json, const char *title, const char *want, const char *name)
{
	char *got = fmt(json, OUTPUT_TABLE, title);
	tap_is_str(got, want, "table: %s", name);
	free(got);
}

int main(void)
{
	static const char inv[] =
		"{\"Invitations\":[{\"AccountId\":\"222222222222\",\"InvitationId\":\"abc\","
		"\"InvitedAt\":\"2026-11-20T09:15:00.000Z\",\"MemberStatus\":\"Invited\"},"
		"{\"AccountId\":\"333333333333\",\"InvitationId\":\"def\","
		"\"InvitedAt\":\"2026-11-21T14:02:37.512Z\",\"MemberStatus\":\"INVITED\"}]}";

	check(inv, OUTPUT_JSON,
	      "{\n"
	      "    \"Invitations\": [\n"
	      "        {\n"
	      "            \"AccountId\": \"222222222222\",\n"
	      "            \"InvitationId\": \"abc\",\n"
	      "            \"InvitedAt\": \"2026-11-20T09:15:00+00:00\",\n"
	      "            \"MemberStatus\": \"Invited\"\n"
	      "        },\n"
	      "        {\n"
	      "            \"AccountId\": \"333333333333\",\n"
	      "            \"InvitationId\": \"def\",\n"
	      "            \"InvitedAt\": \"2026-11-21T14:02:37.512000+00:00\",\n"
	      "            \"MemberStatus\": \"INVITED\"\n"
	      "        }\n"
	      "    ]\n"
	      "}\n", "json as the AWS CLI, timestamps as Python prints them");
	check(inv, OUTPUT_TEXT,
	      "INVITATIONS\t222222222222\tabc\t2026-11-20T09:15:00+00:00\tInvited\n"
	      "INVITATIONS\t333333333333\tdef\t2026-11-21T14:02:37.512000+00:00\tINVITED\n",
	      "text as the AWS CLI");
	check("{\"InvitationsCount\": 7}", OUTPUT_JSON, "{\n    \"InvitationsCount\": 7\n}\n",
	      "an integer stays an integer");
	check("{\"InvitationsCount\": 7}", OUTPUT_TEXT, "7\n", "a lone scalar in text");
	check("{}", OUTPUT_JSON, "", "an empty reply prints nothing");
	check("{}", OUTPUT_TEXT, "", "an empty reply prints nothing (text)");
	check("{\"Invitations\": []}", OUTPUT_JSON, "{\n    \"Invitations\": []\n}\n", "an empty list");
	check("{\"HubArn\":\"arn:x\",\"SubscribedAt\":\"2026\",\"AutoEnableControls\":true}",
	      OUTPUT_TEXT, "True\tarn:x\t2026\n", "text: scalars sorted by key, True as Python");
	check("{\"UnprocessedAccounts\":[{\"AccountId\":\"9\",\"ProcessingResult\":\"no\"}]}",
	      OUTPUT_TEXT, "UNPROCESSEDACCOUNTS\t9\tno\n", "text: identifier from the key");

	/* Hostile text. */
	check("{\"A\":\"x\\u001b[2Jy\\u0007\\u009b\\u202e\"}", OUTPUT_JSON,
	      "{\n    \"A\": \"x\\u001b[2Jy\\u0007\\u009b\\u202e\"\n}\n",
	      "json: escape sequences and overrides stay escaped");
	check("{\"A\":\"x\\u001b[2Jy\\u009b\"}", OUTPUT_TEXT, "x\\x1B[2Jy\\u009B\n",
	      "text: escape sequences made visible");
	char *t = fmt("{\"Invitations\":[{\"AccountId\":\"1\\u001b]0;pwned\\u0007\"}]}",
		      OUTPUT_TABLE, "ListInvitations");
	tap_ok(t && !strchr(t, 0x1b) && !strchr(t, 0x07) && strstr(t, "\\x1B]0;pwned\\x07"),
	       "table: no raw control characters");
	free(t);
	/* What the AWS CLI's TableFormatter prints for these (stdout not a terminal: 80 columns). */
	table_is("{\"Invitations\":[{\"AccountId\":\"222222222222\",\"InvitationId\":\"a1\",\"MemberStatus\":\"Invited\"},{\"AccountId\":\"333333333333\",\"InvitationId\":\"b2\",\"MemberStatus\":\"INVITED\",\"Extra\":\"x\"}]}", "ListInvitations",
		 "-------------------------------------------------------------\n"
		 "|                      ListInvitations                      |\n"
		 "+-----------------------------------------------------------+\n"
		 "||                       Invitations                       ||\n"
		 "|+--------------+--------+----------------+----------------+|\n"
		 "||   AccountId  | Extra  | InvitationId   | MemberStatus   ||\n"
		 "|+--------------+--------+----------------+----------------+|\n"
		 "||  222222222222|        |  a1            |  Invited       ||\n"
		 "||  333333333333|  x     |  b2            |  INVITED       ||\n"
		 "|+--------------+--------+----------------+----------------+|\n",
		 "a list of objects: sorted headers, a missing key left blank");
	table_is("{\"InvitationsCount\": 7}", "GetInvitationsCount",
		 "---------------------------\n"
		 "|   GetInvitationsCount   |\n"
		 "+--------------------+----+\n"
		 "|  InvitationsCount  |  7 |\n"
		 "+--------------------+----+\n",
		 "a single scalar: its name and value in one row");
	table_is("{\"HubArn\":\"arn:x\",\"SubscribedAt\":\"2026\",\"AutoEnableControls\":true,\"Flag\":null,\"Ratio\":1.5}", "DescribeHub",
		 "-------------------------------------------------------------------\n"
		 "|                           DescribeHub                           |\n"
		 "+---------------------+-------+---------+--------+----------------+\n"
		 "| AutoEnableControls  | Flag  | HubArn  | Ratio  | SubscribedAt   |\n"
		 "+---------------------+-------+---------+--------+----------------+\n"
		 "|  True               |  None |  arn:x  |  1.5   |  2026          |\n"
		 "+---------------------+-------+---------+--------+----------------+\n",
		 "True, None and floats as Python prints them");
	table_is("{\"Name\":\"\xe6\x9d\xb1\xe4\xba\xac\xc3\xa9\",\"Id\":\"1\"}", "Wide",
		 "------------------\n"
		 "|      Wide      |\n"
		 "+-----+----------+\n"
		 "| Id  |  Name    |\n"
		 "+-----+----------+\n"
		 "|  1  |  \xe6\x9d\xb1\xe4\xba\xac\xc3\xa9  |\n"
		 "+-----+----------+\n",
		 "wide and ambiguous characters count two columns");
	table_is("{\"A\":\"1\",\"B\":\"2\",\"List\":[{\"K\":\"v\",\"Sub\":[{\"X\":\"1\"}]},{\"K\":\"w\"}],\"Scalars\":[\"a\",\"b\"]}", "Nested",
		 "------------\n"
		 "|  Nested  |\n"
		 "+----+-----+\n"
		 "|  A |  B  |\n"
		 "+----+-----+\n"
		 "|  1 |  2  |\n"
		 "+----+-----+\n"
		 "||  List  ||\n"
		 "|+--------+|\n"
		 "||    K   ||\n"
		 "|+--------+|\n"
		 "||  v     ||\n"
		 "|+--------+|\n"
		 "|||  Sub |||\n"
		 "||+------+||\n"
		 "|||   X  |||\n"
		 "||+------+||\n"
		 "|||  1   |||\n"
		 "||+------+||\n"
		 "||  List  ||\n"
		 "|+--------+|\n"
		 "||    K   ||\n"
		 "|+--------+|\n"
		 "||  w     ||\n"
		 "|+--------+|\n"
		 "|| Scalars||\n"
		 "|+--------+|\n"
		 "||  a     ||\n"
		 "||  b     ||\n"
		 "|+--------+|\n",
		 "nested lists indented, a section per element that has more");
	table_is("{\"UnprocessedAccounts\":[]}", "DeleteInvitations",
		 "-------------------\n"
		 "|DeleteInvitations|\n"
		 "+-----------------+\n",
		 "only an empty list: the title alone");
	table_is("{\"Items\":[{\"A\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"B\":\"b\"}]}", "Long",
		 "-----------------------------------------------------------------------------------------------------------------\n"
		 "|                                                     Long                                                      |\n"
		 "+---------------------------------------------------------------------------------------------------------------+\n"
		 "||                                                    Items                                                    ||\n"
		 "|+---+---------------------------------------------------------------------------------------------------------+|\n"
		 "||  A|  xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx   ||\n"
		 "||  B|  b                                                                                                      ||\n"
		 "|+---+---------------------------------------------------------------------------------------------------------+|\n",
		 "wider than 80 columns: a one-row section turns vertical");
	table_is("{\"Items\":[{\"A\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"B\":\"b\"},{\"A\":\"y\",\"B\":\"c\"}]}", "LongTwo",
		 "-----------------------------------------------------------------------------------------------------------------\n"
		 "|                                                    LongTwo                                                    |\n"
		 "+---------------------------------------------------------------------------------------------------------------+\n"
		 "||                                                    Items                                                    ||\n"
		 "|+--------------------------------------------------------------------------------------------------------+----+|\n"
		 "||                                                    A                                                   | B  ||\n"
		 "|+--------------------------------------------------------------------------------------------------------+----+|\n"
		 "||  xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  |  b ||\n"
		 "||  y                                                                                                     |  c ||\n"
		 "|+--------------------------------------------------------------------------------------------------------+----+|\n",
		 "wider than 80 columns with two rows: columns scaled");

	struct buf b;
	buf_init(&b);
	text_visible(&b, "ok\xff\xc0\xaf\xed\xa0\x80", 8, 0);
	tap_is_str(buf_str(&b), "ok\\xFF\\xC0\\xAF\\xED\\xA0\\x80",
		   "invalid UTF-8 (overlong, surrogate) is shown as bytes");
	buf_reset(&b);
	text_visible(&b, "caf\xc3\xa9 \xe2\x9c\x93", 9, 0);
	tap_is_str(buf_str(&b), "caf\xc3\xa9 \xe2\x9c\x93", "printable UTF-8 passes");
	buf_done(&b);

	char *ts = output_iso_timestamp("2026-11-20T09:15:00Z");
	tap_is_str(ts, "2026-11-20T09:15:00+00:00", "timestamp without fraction");
	free(ts);
	ts = output_iso_timestamp("2026-11-20T09:15:00.1234567+02:00");
	tap_is_str(ts, "2026-11-20T09:15:00.123456+02:00", "fraction cut to microseconds, offset kept");
	free(ts);
	tap_ok(output_iso_timestamp("2026-11-20") == NULL, "not a timestamp");
	tap_ok(output_iso_timestamp("2026-11-20T09:15:00.Z") == NULL, "an empty fraction");
	return tap_done();
}
