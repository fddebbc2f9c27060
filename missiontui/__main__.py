from missiontui.frontends.cli import main

main()
