#!/bin/sh
# Guest side of the exit-status self-test: exits with the status given as $1.
echo "exit-with: exiting with $1"
exit "$1"
