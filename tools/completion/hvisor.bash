# bash completion for hvisor(8): commands, subcommands, options, cell names (from `hvisor cell list`) and config paths.

# The names of the cells that exist now (empty without the driver).
_hvisor_cells()
{
	hvisor cell list 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+$/ { print $2 }'
}

_hvisor()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	local cmd=${words[1]-} sub=${words[2]-}
	local json_files="-f -X !*.json -o plusdirs"

	if [ "$cword" -eq 1 ]; then
		COMPREPLY=($(compgen -W "info enable disable console config cell daemon help --version" -- "$cur"))
		return
	fi
	case $prev in
	--root | --beside | --initrd | --dtb-out | --stub-out | --sysroot)
		COMPREPLY=($(compgen -f -o plusdirs -- "$cur"))
		[ "$prev" = --root ] || [ "$prev" = --beside ] &&
			COMPREPLY=($(compgen $json_files -- "$cur"))
		return
		;;
	--arch)
		COMPREPLY=($(compgen -W "arm64 riscv64" -- "$cur"))
		return
		;;
	--virtio)
		COMPREPLY=($(compgen -W "blk net console blk,net blk,net,console" -- "$cur"))
		return
		;;
	--cell | --cpus | --mem | --hv-size | --timeout | --send | --cmdline)
		return
		;;
	esac
	case $cmd in
	help)
		[ "$cword" -eq 2 ] &&
			COMPREPLY=($(compgen -W "info enable disable console config cell daemon help" -- "$cur"))
		;;
	info) COMPREPLY=($(compgen -W "--json" -- "$cur")) ;;
	console) COMPREPLY=($(compgen -W "-f" -- "$cur")) ;;
	enable) COMPREPLY=($(compgen $json_files -- "$cur")) ;;
	daemon)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--check --json --timeout --state --sync-io --worker-kicks --queued-reads --queued-writes --poll-us" -- "$cur"))
		else
			COMPREPLY=($(compgen $json_files -- "$cur"))
		fi
		;;
	config)
		if [ "$cword" -eq 2 ]; then
			COMPREPLY=($(compgen -W "check dump create" -- "$cur"))
		elif [[ $cur == -* ]]; then
			case $sub in
			check) COMPREPLY=($(compgen -W "--json" -- "$cur")) ;;
			create) COMPREPLY=($(compgen -W "--arch --hv-size --sysroot --cell --cpus --mem --console --agent --testdev --virtio --pci --root --beside" -- "$cur")) ;;
			esac
		else
			COMPREPLY=($(compgen $json_files -- "$cur"))
		fi
		;;
	cell)
		if [ "$cword" -eq 2 ]; then
			COMPREPLY=($(compgen -W "create load start shutdown destroy list stats console exec linux" -- "$cur"))
			return
		fi
		case $sub in
		create | linux)
			if [[ $cur == -* ]]; then
				COMPREPLY=($(compgen -W "--root --no-root --initrd --cmdline --dtb-out --stub-out --dry-run --raw --exact-cmdline --no-kaslr" -- "$cur"))
			elif [ "$sub" = linux ] && [ "$cword" -eq 4 ]; then
				COMPREPLY=($(compgen -f -- "$cur"))
			else
				COMPREPLY=($(compgen $json_files -- "$cur"))
			fi
			;;
		list) COMPREPLY=($(compgen -W "--json" -- "$cur")) ;;
		start | shutdown | destroy | stats | console | exec | load)
			if [ "$cword" -eq 3 ]; then
				COMPREPLY=($(compgen -W "$(_hvisor_cells)" -- "$cur"))
			elif [ "$sub" = stats ] || [ "$sub" = console ]; then
				COMPREPLY=($(compgen -W "--json -f --send" -- "$cur"))
			elif [ "$sub" = load ]; then
				COMPREPLY=($(compgen -f -- "$cur"))
			fi
			;;
		esac
		;;
	esac
}
complete -F _hvisor hvisor
