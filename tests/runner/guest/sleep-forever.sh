#!/bin/sh
# Guest side of the timeout self-tests: never returns.
echo "sleep-forever: started"
while :; do
	sleep 1000
done
