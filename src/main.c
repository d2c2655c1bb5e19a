/* SPDX-License-Identifier: Apache-2.0 */
/* main.c: shtui's entry point: locale, options, then the screen or one command. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <curl/curl.h>

#include "cli.h"
#include "log.h"
#include "loop.h"

int main(int argc, char **argv)
{
	struct cli_options opts;

	/* Before any secret is read: no core dump, no ptrace from peers. */
	log_protect_process();
	setlocale(LC_ALL, "");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "shtui: cannot initialise libcurl\n");
		return CLI_EXIT_OTHER;
	}
	int rc = cli_main(argc, argv, &opts);
	if (rc < 0)
		rc = loop_run(&opts);
	curl_global_cleanup();
	return rc;
}
