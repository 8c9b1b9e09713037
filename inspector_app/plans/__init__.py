"""Plans and organised enforcement: annual inspection plans at three levels, tasks and their
progress, 双随机 draws, covert checks, special-period campaigns, joint enforcement and clue
exchange. Delegation and stationing live with the registry (``registry.delegations``)."""
