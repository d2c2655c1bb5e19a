/* SPDX-License-Identifier: Apache-2.0 */
/* main.c: shtui's entry point: locale, options, then the screen or one command. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

/* Exit codes as the AWS CLI v2 uses them. */
enum { EXIT_USAGE = 252 };

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: shtui [OPTION]...\n"
		"The AWS Security Hub Settings -> Accounts page in a terminal.\n"
		"\n"
		"Options:\n"
		"  -h, --help     show this help and exit\n"
		"  -V, --version  show the version and exit\n"
		"\n"
		"Report bugs to <%s>.\n", PACKAGE_BUGREPORT);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_SUCCESS;
		default:
			fprintf(stderr, "Try 'shtui --help' for more information.\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "shtui: unknown command '%s'\n"
			"Try 'shtui --help' for more information.\n", argv[optind]);
		return EXIT_USAGE;
	}
	usage(stderr);
	return EXIT_USAGE;
}
